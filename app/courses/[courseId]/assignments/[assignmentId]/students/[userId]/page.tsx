import Link from "next/link";
import { z } from "zod";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { SyncStateText } from "@/app/courses/[courseId]/grade-sync/[assignmentId]/_components/sync-state";
import { startViewAsAction } from "@/app/courses/[courseId]/view-as/actions";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { renderMarkdown } from "@/lib/markdown";
import { selectStaffCodeComments } from "@/lib/models/code-comments";
import { selectGradeHistoryWithActors, selectGradingRuns } from "@/lib/models/grades";
import { selectNotebookActivity } from "@/lib/models/notebook-activity";
import { selectSubmissionSyncState } from "@/lib/models/grade-sync";
import { selectAssignmentMemberWork } from "@/lib/models/staff-work";
import { selectSubmissionDates, selectSubmissionFiles } from "@/lib/models/submissions";
import { GradeForm } from "./_components/grade-form";
import { NotebookActivitySection } from "./_components/notebook-activity";
import { StaffTestResults } from "./_components/staff-test-results";
import { WorkReplay } from "./_components/work-replay";

export const dynamic = "force-dynamic";

const HISTORY_KIND = { autograde: "Autograder", autograde_kept: "Autograder (override kept)", override: "Override", override_cleared: "Override cleared" } as const;

/** One student's work on one assignment, for staff: code and its replay, comments, tests (hidden ones too), grade. */
export default page(
  {
    access: { courseRoles: STAFF_ROLES },
    params: z.object({ assignmentId: z.string(), userId: z.string() }),
    searchParams: z.object({ submission: z.string().max(100).optional().catch(undefined) }),
  },
  async function StudentWorkPage({ authz, params, searchParams }) {
    const { assignment, member, placements } = await selectAssignmentMemberWork({ authz, unsafeAssignmentId: params.assignmentId, unsafeUserId: params.userId });
    const submission = placements.find((p) => p.id === searchParams.submission) ?? placements[0] ?? null;
    const base = `/courses/${authz.course.id}`;
    const name = member.name ?? member.email ?? "Unnamed student";
    const [files, runs, history, sync, comments, dates] = submission
      ? await Promise.all([
          selectSubmissionFiles({ submission }),
          selectGradingRuns({ submission, limit: 1 }),
          selectGradeHistoryWithActors({ submission }),
          selectSubmissionSyncState({ submissionId: submission.id }),
          selectStaffCodeComments({ authz, submission }),
          selectSubmissionDates({ assignment, submission }),
        ])
      : [null, [], [], null, [], await selectSubmissionDates({ assignment, submission: null })];
    const latest = runs[0] ?? null;
    // Notebook work is in Jupyter: its Lantern submission (if any) holds a grade, not code.
    const notebook = assignment.kind === "notebook";
    const activity = notebook ? ((await selectNotebookActivity({ authz, assignments: [assignment], userIds: [member.userId] })).get(assignment.id)?.get(member.userId) ?? null) : null;

    return (
      <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: base, label: authz.course.title }, { href: `${base}/gradebook`, label: "Gradebook" }, { label: `${name}: ${assignment.title}` }]}>
        <h1 className="text-xl font-semibold">{name}: {assignment.title}</h1>
        <p className="mt-1 flex flex-wrap gap-x-4 text-sm">
          <Link href={`${base}/students/${member.userId}`} className="text-lantern-700 underline">All of {name}&apos;s work</Link>
          <Link href={`${base}/gradebook`} className="text-lantern-700 underline">Gradebook</Link>
          <Link href={`${base}/grade-sync/${assignment.id}`} className="text-lantern-700 underline">Grade sync for this assignment</Link>
        </p>
        {(member.role === "student" || member.role === "mentor") && member.userId !== authz.session.user.id && (
          <form action={startViewAsAction} className="mt-2">
            <input type="hidden" name="courseId" value={authz.course.id} />
            <input type="hidden" name="userId" value={member.userId} />
            <input type="hidden" name="assignmentId" value={assignment.id} />
            <button type="submit" className="rounded border border-violet-800 px-3 py-1 text-sm font-medium text-violet-900 hover:bg-violet-50">View this assignment as {name}</button>
          </form>
        )}
        {placements.length > 1 && (
          <nav aria-label="LMS placements" className="mt-2 text-sm">
            This student has work in {placements.length} LMS placements:{" "}
            {placements.map((p, i) => (
              <Link key={p.id} href={`?submission=${p.id}`} aria-current={p.id === submission?.id ? "page" : undefined} className="ml-2 text-lantern-700 underline">placement {i + 1}</Link>
            ))}
          </nav>
        )}
        {!submission ? (
          <>
            <p className="mt-4 rounded bg-slate-100 px-3 py-2 text-sm">
              {notebook ? `Lantern holds no grade for ${name} on this notebook yet.` : `${name} has not opened this assignment yet.`}
            </p>
            {notebook && <NotebookActivitySection name={name} activity={activity} />}
          </>
        ) : (
          <>
            <section aria-labelledby="grade-heading" className="mt-4 grid gap-4 md:grid-cols-2">
              <div>
                <h2 id="grade-heading" className="text-base font-semibold">Grade</h2>
                <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-slate-700">Counts</dt>
                  <dd>
                    {submission.score === null ? "No grade yet" : `${submission.score} / ${assignment.points}`}
                    {submission.overriddenAt && <span className="ml-2 rounded bg-violet-100 px-1.5 text-xs font-medium text-violet-900">overridden</span>}
                    {submission.late && <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">late</span>}
                  </dd>
                  {submission.overriddenAt && (
                    <>
                      <dt className="text-slate-700">Autograder</dt>
                      <dd>{submission.autoScore === null ? "no result" : `${submission.autoScore} / ${assignment.points}`} (recorded, not applied while the override stands)</dd>
                    </>
                  )}
                  <dt className="text-slate-700">In the LMS</dt>
                  <dd>{sync && <SyncStateText state={sync} hasGrade={submission.score !== null} />}</dd>
                  <dt className="text-slate-700">Status</dt>
                  <dd>{submission.status.replace("_", " ")} · {submission.attempts} submission{submission.attempts === 1 ? "" : "s"}{assignment.attemptLimit !== null && ` of ${assignment.attemptLimit}`}</dd>
                  <dt className="text-slate-700">Due</dt>
                  <dd>{dates.dueAt ? <LocalTime iso={dates.dueAt.toISOString()} /> : "no due date"}</dd>
                  {submission.submittedAt && (
                    <>
                      <dt className="text-slate-700">Last submitted</dt>
                      <dd><LocalTime iso={submission.submittedAt.toISOString()} /></dd>
                    </>
                  )}
                </dl>
              </div>
              <GradeForm courseId={authz.course.id} assignmentId={assignment.id} submissionId={submission.id} score={submission.score} overridden={submission.overriddenAt !== null} points={assignment.points} />
            </section>
            {notebook && <NotebookActivitySection name={name} activity={activity} />}
            {!notebook && (
              <section aria-labelledby="replay-heading" className="mt-6">
                <h2 id="replay-heading" className="text-base font-semibold">Code and its history</h2>
                <p className="mt-1 text-sm text-slate-700">
                  Every saved version, with what happened in between. Comments are shown to {name} in their editor.
                </p>
                <div className="mt-2">
                  <WorkReplay
                    courseId={authz.course.id}
                    submissionId={submission.id}
                    versions={submission.currentVersion}
                    current={files ? { version: submission.currentVersion, files } : null}
                    comments={comments.map((c) => ({ ...c, html: renderMarkdown(c.body) }))}
                  />
                </div>
                {comments.length > 0 && (
                  <details className="mt-3 text-sm">
                    <summary className="cursor-pointer font-medium">All comments ({comments.length})</summary>
                    <ul className="mt-2 space-y-1">
                      {comments.map((c) => (
                        <li key={c.id}>
                          Version {c.version}, {c.fileName} line{c.startLine === c.endLine ? ` ${c.startLine}` : `s ${c.startLine}–${c.endLine}`}: {c.body.slice(0, 120)}
                          {c.resolved && " (resolved)"}
                        </li>
                      ))}
                    </ul>
                  </details>
              )}
            </section>
            )}
            {!notebook && (
              <section aria-labelledby="tests-heading" className="mt-6">
                <h2 id="tests-heading" className="text-base font-semibold">Latest autograder run</h2>
                {latest ? <StaffTestResults run={latest.run} version={latest.version} /> : <p className="mt-1 text-sm text-slate-700">Not graded by the autograder yet.</p>}
              </section>
            )}
            <section aria-labelledby="history-heading" className="mt-6">
              <h2 id="history-heading" className="text-base font-semibold">Grade history</h2>
              {history.length === 0 ? (
                <p className="mt-1 text-sm text-slate-700">No grade changes yet.</p>
              ) : (
                <table className="mt-2 w-full border-collapse text-sm">
                  <caption className="sr-only">Grade changes, newest first</caption>
                  <thead>
                    <tr className="border-b border-slate-300 text-left">
                      <th scope="col" className="py-1 pr-3">When</th>
                      <th scope="col" className="py-1 pr-3">What</th>
                      <th scope="col" className="py-1 pr-3">Score</th>
                      <th scope="col" className="py-1 pr-3">Who</th>
                      <th scope="col" className="py-1">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.map(({ entry, actorName, version, runScore }) => (
                      <tr key={entry.id} className="border-b border-slate-200 align-top">
                        <td className="py-1 pr-3"><LocalTime iso={entry.createdAt.toISOString()} /></td>
                        <td className="py-1 pr-3">{HISTORY_KIND[entry.kind]}{version !== null && ` (version ${version})`}</td>
                        <td className="py-1 pr-3">{entry.oldScore ?? "—"} → {entry.newScore ?? "—"}{entry.kind === "autograde_kept" && runScore !== null && ` (autograder: ${runScore})`}</td>
                        <td className="py-1 pr-3">{entry.actorUserId ? (actorName ?? "Staff") : "Autograder"}</td>
                        <td className="py-1">{entry.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </Shell>
    );
  },
);
