import Link from "next/link";
import { JupyterSetup, shellArg } from "@/components/exchange/jupyter-setup";
import { LocalTime } from "@/components/local-time";
import type { CourseAuthz } from "@/lib/auth/authz";
import { env } from "@/lib/env";
import { describeLateBy } from "@/lib/exchange/late";
import type { Assignment } from "@/lib/models/assignments";
import { selectOwnNotebookStatus } from "@/lib/models/notebook-status";

/**
 * A student's notebook assignment: how to fetch it in their Jupyter (nbgrader with Lantern as the exchange), and
 * where their submission and feedback stand. The work itself never passes through this page.
 */
export async function NotebookStudent({ authz, assignment, score }: { authz: CourseAuthz; assignment: Assignment; score: number | null }) {
  const status = await selectOwnNotebookStatus({ authz, assignment });
  const code = authz.course.code;
  const p = status.progress;
  return (
    <>
      <section aria-labelledby="status-heading" className="mt-4">
        <h2 id="status-heading" className="text-base font-semibold">
          Your work
        </h2>
        <ul className="mt-1 list-disc space-y-1 pl-6 text-sm">
          <li>{status.dueAt ? <>Due <LocalTime iso={status.dueAt.toISOString()} />.</> : "No due date."}</li>
          <li>
            {status.state === "released" && status.releasedAt ? (
              <>
                Released <LocalTime iso={status.releasedAt.toISOString()} />
                {status.notebooks.length > 0 && <>: {status.notebooks.join(", ")}</>}.
              </>
            ) : status.state === "unreleased" ? (
              "Your instructor has withdrawn this assignment: it can no longer be fetched or submitted."
            ) : (
              "Not released yet: you can fetch it once your instructor releases it."
            )}
          </li>
          <li>{p.fetchedAt ? <>Fetched <LocalTime iso={p.fetchedAt.toISOString()} />.</> : "Not fetched yet."}</li>
          <li>
            {p.submittedAt ? (
              <>
                Submitted <LocalTime iso={p.submittedAt.toISOString()} /> (nbgrader timestamp <code>{p.submissionTimestamp}</code>)
                {p.submissionCount > 1 && `; ${p.submissionCount} submissions, the latest counts`}
                {status.lateByMs !== null && <strong className="font-semibold text-amber-900"> — {describeLateBy(status.lateByMs)}</strong>}.
              </>
            ) : (
              "Not submitted yet."
            )}
          </li>
          <li>
            {p.feedbackAt ? (
              <>
                Feedback released <LocalTime iso={p.feedbackAt.toISOString()} /> for {p.feedbackNotebooks.join(", ")}: fetch it with{" "}
                <code>nbgrader fetch_feedback {shellArg(status.code)}</code>.
              </>
            ) : (
              "No feedback yet."
            )}
          </li>
          <li>{score === null ? "No grade yet." : `Grade: ${score} / ${assignment.points}.`}</li>
        </ul>
      </section>
      <section aria-labelledby="fetch-heading" className="mt-6">
        <h2 id="fetch-heading" className="text-base font-semibold">
          Fetch it in Jupyter
        </h2>
        {code ? (
          <>
            <p className="mt-1 text-sm text-slate-700">
              This is a Jupyter notebook assignment. Once nbgrader is set up (below; once per course), in a terminal in
              Jupyter run <code>nbgrader fetch_assignment {shellArg(status.code)}</code>, work in the notebooks, then{" "}
              <code>nbgrader submit {shellArg(status.code)}</code>. You can submit again until the deadline; the latest submission
              counts.
            </p>
            <JupyterSetup appUrl={env().APP_URL} courseCode={code} tokenHref={`/courses/${authz.course.id}/jupyter`} />
            <p className="mt-3 text-sm">
              <Link href={`/courses/${authz.course.id}/jupyter`} className="text-lantern-700 underline">
                Get your exchange token
              </Link>
              {status.username && (
                <>
                  {" "}
                  · nbgrader knows you as <code>{status.username}</code>
                </>
              )}
            </p>
          </>
        ) : (
          <p className="mt-1 text-sm text-amber-900">This course has no course code for nbgrader yet; ask your instructor.</p>
        )}
      </section>
    </>
  );
}
