import { LocalTime } from "@/components/local-time";
import type { NotebookActivity } from "@/lib/models/notebook-activity";

/**
 * A notebook assignment's work happens in Jupyter: what staff can see here is the student's nbgrader exchange
 * activity (fetch, submissions, lateness as nbgrader computes it). Code and autograder runs stay in nbgrader.
 */
export function NotebookActivitySection({ name, activity }: { name: string; activity: NotebookActivity | null }) {
  return (
    <section aria-labelledby="notebook-heading" className="mt-6">
      <h2 id="notebook-heading" className="text-base font-semibold">Notebook activity</h2>
      <p className="mt-1 text-sm text-slate-700">
        {name} works on this notebook in Jupyter. nbgrader collects the submissions and grades them; scores arrive from its
        grades CSV (Import grades on the assignment page) or from the form above.
      </p>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-700">Fetched</dt>
        <dd>{activity?.fetchedAt ? <LocalTime iso={activity.fetchedAt.toISOString()} /> : "not yet"}</dd>
        <dt className="text-slate-700">Submitted</dt>
        <dd>
          {activity?.submittedAt ? (
            <>
              {activity.submissions} time{activity.submissions === 1 ? "" : "s"}, last <LocalTime iso={activity.submittedAt.toISOString()} />
              {activity.late && <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">late</span>}
            </>
          ) : (
            "not yet"
          )}
        </dd>
        <dt className="text-slate-700">Graded</dt>
        <dd>{activity?.graded ? "yes" : "not yet"}</dd>
      </dl>
    </section>
  );
}
