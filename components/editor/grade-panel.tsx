import { LocalTime } from "@/components/local-time";
import type { StudentWork } from "@/lib/submissions/shapes";
import { TestResults } from "./test-results";

function waitingText(work: StudentWork): string {
  if (work.grading === "running" || !work.queue) return "Submitted. Grading your work on the server…";
  const { position, estimateSeconds } = work.queue;
  const when = estimateSeconds < 60 ? `about ${estimateSeconds} s` : `about ${Math.round(estimateSeconds / 60)} min`;
  return position <= 1
    ? `Submitted. Your work is next in the grading queue (${when}).`
    : `Submitted. Your work is number ${position} in the grading queue (${when}).`;
}

/**
 * The grade that counts (the one the LMS gets: a staff override when there is one), then the latest autograder run
 * with its tests, or the grading-in-progress notice.
 */
export function GradePanel({ work }: { work: StudentWork }) {
  if (work.grading === "queued" || work.grading === "running") {
    return <p className="mt-4 rounded bg-sky-50 p-3 text-sm text-sky-900">{waitingText(work)}</p>;
  }
  if (work.grading === "failed") {
    return <p className="mt-4 rounded bg-red-50 p-3 text-sm text-red-900">Grading failed on the server. Please submit again.</p>;
  }
  const { grade, counting } = work;
  if (!grade && !counting) {
    // Only assignments graded by staff are submitted without a grading job: no automatic score, never a silent 0.
    return work.status === "submitted" ? <p className="mt-4 rounded bg-slate-100 p-3 text-sm text-slate-800">Submitted. Your instructor will grade it.</p> : null;
  }
  const overridden = counting?.overridden ?? false;
  return (
    <section aria-labelledby="grade-heading" className="mt-4 rounded border border-slate-300 p-3">
      <h3 id="grade-heading" className="text-base font-semibold">
        Grade: {counting ? `${counting.score} / ${counting.maxScore}` : `${grade!.score} / ${grade!.maxScore}`}
      </h3>
      {overridden && (
        <p className="text-sm text-slate-700">
          Set by {counting!.changedBy ?? "course staff"}. This is the grade that counts
          {grade ? `; the autograder's latest result was ${grade.score} / ${grade.maxScore}` : ""}.
        </p>
      )}
      {grade && (
        <p className="text-sm text-slate-700">
          {overridden ? "Autograded" : "Graded"} <LocalTime iso={grade.gradedAt} />
          {grade.late && ` · late: ${grade.latePenaltyPercent}% penalty (before penalty ${grade.rawScore})`}
          {grade.hidden.total > 0 && ` · hidden tests: ${grade.hidden.passed} of ${grade.hidden.total} passed`}
        </p>
      )}
      {grade?.failure && <p className="mt-1 text-sm text-red-800">{grade.failure}</p>}
      {grade && <TestResults results={grade.tests} label="Results of the visible tests" />}
    </section>
  );
}
