import Link from "next/link";
import { redirect } from "next/navigation";
import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { toEditorValues } from "@/lib/assignments/editor-payload";
import { assignmentStatus, canEditAssignments, selectStaffAssignment, toAssignmentContent } from "@/lib/models/assignment-authoring";
import { selectAssignmentGroups } from "@/lib/models/assignments";
import { AssignmentEditor } from "../../_components/assignment-editor";
import { deleteAssignmentAction, duplicateAssignmentAction } from "../../actions";

export const dynamic = "force-dynamic";

const SAVED: Record<string, string> = { "1": "Saved.", created: "Created. It is a draft until you publish it.", duplicated: "This is a copy (a draft)." };

export default async function EditAssignmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string; assignmentId: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const { courseId, assignmentId } = await params;
  const { saved } = await searchParams;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  const assignment = await forPage(selectStaffAssignment({ authz, unsafeAssignmentId: assignmentId }));
  // The Python editor would offer files and tests a notebook assignment cannot have: its page holds its settings.
  if (assignment.kind === "notebook") redirect(`/courses/${authz.course.id}/assignments/${assignment.id}`);
  const groups = await selectAssignmentGroups({ authz });
  const canEdit = canEditAssignments(authz);
  const base = `/courses/${authz.course.id}/assignments/${assignment.id}`;
  const hidden = (
    <>
      <input type="hidden" name="courseId" value={authz.course.id} />
      <input type="hidden" name="assignmentId" value={assignment.id} />
    </>
  );
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: `Edit: ${assignment.title}` },
      ]}
    >
      <h1 className="text-xl font-semibold">Edit: {assignment.title}</h1>
      <p className="mt-1 text-sm text-slate-700">
        {assignmentStatus(assignment) === "draft" ? "Draft — students cannot see it." : assignmentStatus(assignment) === "archived" ? "Archived." : "Published."}{" "}
        <Link href={base} className="text-lantern-700 underline">
          Open the student view
        </Link>
        {" · "}
        <Link href={`${base}/regrade`} className="text-lantern-700 underline">
          Regrade
        </Link>
      </p>
      {saved && SAVED[saved] && (
        <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-sm text-green-900">
          {SAVED[saved]}
        </p>
      )}
      {!canEdit && (
        <p className="mt-3 rounded bg-slate-100 px-3 py-2 text-sm text-slate-800">
          You can read this assignment. Teaching assistants edit assignments only when the instructor allows it in the course settings.
        </p>
      )}
      {canEdit && (
        <div className="mt-3 flex flex-wrap gap-2">
          <form action={duplicateAssignmentAction}>
            {hidden}
            <button type="submit" className="rounded border border-slate-400 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
              Duplicate
            </button>
          </form>
          <form action={deleteAssignmentAction}>
            {hidden}
            <button type="submit" className="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50">
              Delete
            </button>
          </form>
        </div>
      )}
      <AssignmentEditor
        key={assignment.revision}
        courseId={authz.course.id}
        assignmentId={assignment.id}
        revision={assignment.revision}
        initial={toEditorValues(toAssignmentContent(assignment), assignment.groupId, authz.course.timeZone)}
        groups={groups.map((g) => ({ id: g.id, title: g.title }))}
        timeZone={authz.course.timeZone}
        readOnly={!canEdit}
      />
    </Shell>
  );
}
