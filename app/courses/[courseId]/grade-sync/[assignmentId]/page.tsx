import { Shell } from "@/components/shell";
import { z } from "zod";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectAssignment } from "@/lib/models/assignments";
import { selectGradeSyncRows } from "@/lib/models/grade-sync";
import { BatchProgress } from "./_components/batch-progress";
import { OverrideForm, SyncButtons } from "./_components/sync-forms";
import { SyncStateText } from "./_components/sync-state";
import { personLabel } from "@/lib/people";

export const dynamic = "force-dynamic";

export default page(
  {
    access: { courseRoles: STAFF_ROLES },
    params: z.object({ assignmentId: z.string() }),
    // A batch id that is not a uuid is ignored, not an error (it only selects which progress bar to show).
    searchParams: z.object({ batch: z.uuid().optional().catch(undefined) }),
  },
  async function GradeSyncPage({ authz, params, searchParams: { batch } }) {
    const assignment = await selectAssignment({ authz, unsafeAssignmentId: params.assignmentId });
    const rows = await selectGradeSyncRows({ authz, assignment });
    const failing = rows.filter((r) => r.state.kind === "failed" || r.state.kind === "waiting").length;
    const base = `/courses/${authz.course.id}`;

    return (
      <Shell
        crumbs={[
          { href: "/courses", label: "Courses" },
          { href: base, label: authz.course.title },
          { href: `${base}/grade-sync`, label: "Grade sync" },
          { label: assignment.title },
        ]}
      >
        <h1 className="text-xl font-semibold">Grade sync: {assignment.title}</h1>
        <p className="mt-1 text-sm text-slate-700">
          Whether each student&apos;s grade has reached the LMS gradebook. Lantern keeps retrying temporary problems on
          its own; grades the LMS refused are listed with its message.
        </p>
        <div className="mt-4">
          <SyncButtons
            courseId={authz.course.id}
            assignmentId={assignment.id}
            assignmentTitle={assignment.title}
            failing={failing}
            grades={rows.filter((r) => r.score !== null).length}
          />
        </div>
        {batch && (
          <div className="mt-4">
            <BatchProgress url={`/api/courses/${authz.course.id}/grade-sync/${batch}`} />
          </div>
        )}
        <div className="mt-4 max-w-full relative overflow-x-auto" tabIndex={0}>
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Grade sync state per student</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2 pr-3">Student</th>
                <th scope="col" className="py-2 pr-3">Lantern grade</th>
                <th scope="col" className="py-2 pr-3">In the LMS</th>
                <th scope="col" className="py-2">Change</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={4} className="py-3 text-slate-700">No students yet. They appear after their first launch or a roster sync.</td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={`${row.userId}-${row.submissionId ?? "none"}`} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    {personLabel(row)}
                    {row.isTestUser && <span className="ml-1 text-xs text-slate-600">(LMS test student)</span>}
                  </th>
                  <td className="py-2 pr-3">{row.score ?? "—"}</td>
                  <td className="py-2 pr-3">
                    <SyncStateText state={row.state} hasGrade={row.score !== null} />
                  </td>
                  <td className="py-2">
                    {row.submissionId && (
                      <OverrideForm
                        courseId={authz.course.id}
                        assignmentId={assignment.id}
                        submissionId={row.submissionId}
                        studentName={personLabel(row)}
                        score={row.score}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Shell>
    );
  },
);
