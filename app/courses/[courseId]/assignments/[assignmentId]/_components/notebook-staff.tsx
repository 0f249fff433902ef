import Link from "next/link";
import { shellArg } from "@/components/exchange/jupyter-setup";
import { LocalTime } from "@/components/local-time";
import type { CourseAuthz } from "@/lib/auth/authz";
import { describeLateBy } from "@/lib/exchange/late";
import { canEditAssignments } from "@/lib/models/assignment-authoring";
import { utcToZonedLocal } from "@/lib/time-zone";
import { NotebookSettings } from "./notebook-settings";
import type { Assignment } from "@/lib/models/assignments";
import { selectStaffNotebookStatus, type ReleaseState } from "@/lib/models/notebook-status";

const STATE_TEXT: Record<ReleaseState, string> = {
  not_released: "Not released yet",
  released: "Released: students can fetch and submit it",
  unreleased: "Unreleased: students can no longer fetch or submit it",
};

const when = (d: Date | null) => (d ? <LocalTime iso={d.toISOString()} /> : "—");

/** Staff view of a notebook assignment: release state and history, and each student's fetch, submission, feedback and score. */
export async function NotebookStaff({ authz, assignment }: { authz: CourseAuthz; assignment: Assignment }) {
  const status = await selectStaffNotebookStatus({ authz, assignment });
  const base = `/courses/${authz.course.id}`;
  const submitted = status.rows.filter((r) => r.submissionCount > 0).length;
  return (
    <>
      <section aria-labelledby="release-heading" className="mt-4">
        <h2 id="release-heading" className="text-base font-semibold">
          Release
        </h2>
        <p className="mt-1 text-sm">
          <span className="font-medium">{STATE_TEXT[status.state]}.</span> nbgrader name <code>{status.code}</code>
          {authz.course.code ? (
            <>
              {" "}
              in course <code>{authz.course.code}</code>
            </>
          ) : null}
          .
        </p>
        {status.state === "not_released" && (
          <p className="mt-1 text-sm text-slate-700">
            Release it from your nbgrader course directory with <code>nbgrader release_assignment {shellArg(status.code)}</code>, with Lantern as the exchange (
            <Link href={`${base}/jupyter`} className="text-lantern-700 underline">
              Connect Jupyter
            </Link>
            ).
          </p>
        )}
        {status.releases.length > 0 && (
          <ul className="mt-2 list-disc pl-6 text-sm">
            {status.releases.map((r, i) => (
              <li key={i}>
                {when(r.releasedAt)} by {r.releasedBy ?? "a staff member"}: {r.notebooks.length ? r.notebooks.join(", ") : "no notebooks named"} ({Math.max(1, Math.round(r.bytes / 1024))} KB)
                {i === 0 && status.state === "released" ? " — what students fetch now" : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="students-heading" className="mt-6">
        <h2 id="students-heading" className="text-base font-semibold">
          Students ({submitted} of {status.rows.length} submitted)
        </h2>
        <p className="mt-1 text-sm">
          <Link href={`${base}/notebook-grades`} className="text-lantern-700 underline">
            Upload nbgrader grades
          </Link>{" "}
          to send scores to the LMS.
        </p>
        {status.rows.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">No students are enrolled yet.</p>
        ) : (
          <div className="mt-2 max-w-full relative overflow-x-auto" tabIndex={0} role="region" aria-labelledby="students-heading">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Each student&apos;s fetch, submission, feedback and score</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">Student</th>
                  <th scope="col" className="py-2 pr-3">nbgrader id</th>
                  <th scope="col" className="py-2 pr-3">Fetched</th>
                  <th scope="col" className="py-2 pr-3">Submitted</th>
                  <th scope="col" className="py-2 pr-3">Feedback released</th>
                  <th scope="col" className="py-2">Score</th>
                </tr>
              </thead>
              <tbody>
                {status.rows.map((r) => (
                  <tr key={r.userId} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      {r.name ?? r.email ?? "Unnamed student"}
                      {r.enrollmentStatus !== "active" && <span className="text-slate-600"> ({r.enrollmentStatus})</span>}
                    </th>
                    <td className="py-2 pr-3 font-mono">{r.username ?? <span className="font-sans text-slate-600">at first launch</span>}</td>
                    <td className="py-2 pr-3">{when(r.fetchedAt)}</td>
                    <td className="py-2 pr-3">
                      {r.submittedAt ? (
                        <>
                          {when(r.submittedAt)}
                          {r.submissionCount > 1 && ` (${r.submissionCount} submissions)`}
                          {r.lateByMs !== null && <span className="font-medium text-amber-900"> · {describeLateBy(r.lateByMs)}</span>}
                        </>
                      ) : (
                        "Not submitted"
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      {r.feedbackAt ? (
                        <>
                          {when(r.feedbackAt)}: {r.feedbackNotebooks.join(", ")}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="py-2">{r.score === null ? "—" : `${r.score} / ${assignment.points}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canEditAssignments(authz) && (
        <section aria-labelledby="settings-heading" className="mt-6">
          <h2 id="settings-heading" className="text-base font-semibold">
            Settings
          </h2>
          <NotebookSettings
            courseId={authz.course.id}
            assignmentId={assignment.id}
            timeZone={authz.course.timeZone}
            initial={{
              title: assignment.title,
              points: String(assignment.points),
              dueAt: assignment.dueAt ? utcToZonedLocal(assignment.dueAt, authz.course.timeZone).slice(0, 16) : "",
            }}
          />
        </section>
      )}
    </>
  );
}
