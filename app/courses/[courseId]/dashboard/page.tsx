import Link from "next/link";
import { BarChart } from "@/components/charts/bar-chart";
import { CourseNav } from "@/components/course-nav";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignments } from "@/lib/models/assignments";
import {
  HELP_RULES,
  SCORE_BINS,
  selectAssignmentProgress,
  selectCourseActivity,
  selectRecentSubmissions,
  selectStudentsNeedingHelp,
  type HelpReason,
} from "@/lib/models/course-dashboard";
import { selectCourseSyncProblems } from "@/lib/models/grade-sync";
import { selectNotebookActivity, withNotebookProgress } from "@/lib/models/notebook-activity";
import { selectRecentRosterSyncs } from "@/lib/models/roster-syncs";
import { personLabel } from "@/lib/people";

export const dynamic = "force-dynamic";

const binLabel = (i: number) => `${i * (100 / SCORE_BINS)}–${(i + 1) * (100 / SCORE_BINS)}%`;
const dayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString("en", { day: "numeric", month: "short", timeZone: "UTC" });

function reasonText(r: HelpReason): string {
  if (r.kind === "inactive") return r.lastActivityAt ? `no activity for over ${HELP_RULES.inactiveDays} days` : "no activity yet";
  if (r.kind === "failing") return `${r.runs} runs ended in errors this week`;
  return `average score ${Math.round(r.fraction * 100)}%`;
}

/** What a teacher looks at first: what needs attention, progress per assignment, activity, who may need help. */
export default page({ access: { courseRoles: STAFF_ROLES } }, async function DashboardPage({ authz }) {
  const assignments = await selectAssignments({ authz });
  const [lanternProgress, notebookActivity, activity, help, recent, syncProblems, rosterSyncs] = await Promise.all([
    selectAssignmentProgress({ authz, assignments }),
    selectNotebookActivity({ authz, assignments }),
    selectCourseActivity({ authz }),
    selectStudentsNeedingHelp({ authz }),
    selectRecentSubmissions({ authz }),
    selectCourseSyncProblems({ authz }),
    selectRecentRosterSyncs({ authz, limit: 1 }),
  ]);
  // Notebook work is in Jupyter: its fetches and submissions come from the exchange.
  const progress = withNotebookProgress(lanternProgress, notebookActivity);
  const base = `/courses/${authz.course.id}`;
  const title = new Map(assignments.map((a) => [a.id, a.title]));
  // A notebook assignment's per-student status is its own page (the exchange's); a Python one's is its submissions.
  const workHref = (id: string, query = "") =>
    assignments.find((a) => a.id === id)?.kind === "notebook" ? `${base}/assignments/${id}` : `${base}/assignments/${id}/submissions${query}`;
  const attention: { key: string; node: React.ReactNode }[] = [];
  for (const p of syncProblems.filter((p) => p.failed > 0 && title.has(p.assignmentId))) {
    attention.push({
      key: `sync-${p.assignmentId}`,
      node: (
        <Link href={`${base}/grade-sync/${p.assignmentId}`} className="text-lantern-700 underline">
          {p.failed} grade{p.failed === 1 ? "" : "s"} of {title.get(p.assignmentId)} did not reach the LMS
        </Link>
      ),
    });
  }
  for (const p of progress.filter((p) => p.awaitingGrade > 0)) {
    attention.push({
      key: `grade-${p.assignmentId}`,
      node: (
        <Link href={workHref(p.assignmentId, "?work=submitted")} className="text-lantern-700 underline">
          {p.awaitingGrade} submission{p.awaitingGrade === 1 ? "" : "s"} of {title.get(p.assignmentId)} waiting for a grade
        </Link>
      ),
    });
  }
  if (rosterSyncs[0]?.status === "failed") {
    attention.push({
      key: "roster",
      node: (
        <Link href={`${base}/roster`} className="text-lantern-700 underline">
          The last roster sync failed: {rosterSyncs[0].error ?? "the LMS did not answer"}
        </Link>
      ),
    });
  }
  const totalEvents = activity.reduce((n, d) => n + d.events, 0);

  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { label: "Dashboard" }]}>
      <h1 className="text-xl font-semibold">Dashboard</h1>
      <CourseNav courseId={authz.course.id} current="dashboard" />

      <section aria-labelledby="attention" className="mt-4">
        <h2 id="attention" className="text-base font-semibold">Needs attention</h2>
        {attention.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">Nothing needs attention: every grade reached the LMS and no submission is waiting for a grade.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5 text-sm">
            {attention.map((a) => (
              <li key={a.key}>{a.node}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="assignments" className="mt-6">
        <h2 id="assignments" className="text-base font-semibold">Assignments</h2>
        {progress.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">No assignments yet.</p>
        ) : (
          <div className="mt-2 relative overflow-x-auto rounded border border-slate-200" tabIndex={0} role="region" aria-label="Assignment progress (scrolls)">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Per assignment: active students who started, submitted, were graded, were late, and the distribution of counting scores.</caption>
              <thead className="bg-slate-50 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">Assignment</th>
                  <th scope="col" className="px-3 py-2 text-right">Submitted</th>
                  <th scope="col" className="px-3 py-2 text-right">Graded</th>
                  <th scope="col" className="px-3 py-2 text-right">Late</th>
                  <th scope="col" className="px-3 py-2">Score distribution</th>
                </tr>
              </thead>
              <tbody>
                {progress.map((p) => (
                  <tr key={p.assignmentId} className="border-t border-slate-200 align-top">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={workHref(p.assignmentId)} className="text-lantern-700 underline">
                        {title.get(p.assignmentId)}
                      </Link>
                      <span className="block text-xs text-slate-600">{p.started} of {p.students} started</span>
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums">{p.submitted} / {p.students}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{p.graded}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{p.late}</td>
                    <td className="px-3 py-2">
                      <BarChart
                        label={`Score distribution of ${title.get(p.assignmentId)}`}
                        unit="students"
                        height={70}
                        barWidth={10}
                        gap={2}
                        axisEvery={SCORE_BINS}
                        bars={p.distribution.map((value, i) => ({ label: binLabel(i), value }))}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="activity" className="mt-6">
        <h2 id="activity" className="text-base font-semibold">Activity, last {activity.length} days</h2>
        <p className="mt-1 text-sm text-slate-700">
          {totalEvents} coding events (saves, runs, checks, submissions) by students, per day in {authz.course.timeZone}.
        </p>
        <div className="mt-2 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Coding events per day (scrolls)">
          <BarChart label="Coding events per day" unit="events" bars={activity.map((d) => ({ label: dayLabel(d.day), value: d.events }))} axisEvery={7} barWidth={16} />
        </div>
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-lantern-700 underline">Activity as a table</summary>
          <table className="mt-2 text-sm">
            <caption className="sr-only">Coding events and active students per day</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-4 text-left">Day</th>
                <th scope="col" className="pr-4 text-right">Events</th>
                <th scope="col" className="text-right">Students</th>
              </tr>
            </thead>
            <tbody>
              {activity.map((d) => (
                <tr key={d.day}>
                  <th scope="row" className="pr-4 text-left font-normal">{d.day}</th>
                  <td className="pr-4 text-right tabular-nums">{d.events}</td>
                  <td className="text-right tabular-nums">{d.students}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <section aria-labelledby="help" className="mt-6">
        <h2 id="help" className="text-base font-semibold">Students who may need help</h2>
        <p className="mt-1 text-sm text-slate-700">
          Active students with no activity for {HELP_RULES.inactiveDays} days, {HELP_RULES.failingRunsPerWeek} or more runs ending in errors this week, or an
          average score below {HELP_RULES.lowScoreFraction * 100}%.
        </p>
        {help.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">Nobody right now.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 text-sm">
            {help.map((s) => (
              <li key={s.userId} className="px-3 py-2">
                <Link href={`${base}/students/${s.userId}`} className="text-lantern-700 underline">{personLabel(s)}</Link>: {s.reasons.map(reasonText).join("; ")}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="recent" className="mt-6">
        <h2 id="recent" className="text-base font-semibold">Recent submissions</h2>
        {recent.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">No submissions yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 text-sm">
            {recent.map((r) => (
              <li key={r.submissionId} className="flex flex-wrap justify-between gap-2 px-3 py-2">
                <Link href={`${base}/assignments/${r.assignmentId}/students/${r.userId}`} className="text-lantern-700 underline">
                  {personLabel(r)} · {title.get(r.assignmentId) ?? "an archived assignment"}
                </Link>
                <span className="text-slate-700">
                  {r.score === null ? (r.status === "graded" ? "graded" : "not graded yet") : `score ${r.score}`}
                  {r.late && " · late"} · <LocalTime iso={r.submittedAt.toISOString()} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Shell>
  );
});
