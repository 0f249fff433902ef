import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { toEditorValues } from "@/lib/assignments/editor-payload";
import { notFound } from "@/lib/errors";
import { canEditAssignments } from "@/lib/models/assignment-authoring";
import { selectAssignmentGroups } from "@/lib/models/assignments";
import { AssignmentEditor } from "../_components/assignment-editor";

export const dynamic = "force-dynamic";

export default async function NewAssignmentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  if (!canEditAssignments(authz)) await forPage(Promise.reject(notFound()));
  const groups = await selectAssignmentGroups({ authz });
  const initial = toEditorValues(
    {
      kind: "python",
      slug: "",
      title: "",
      points: 10,
      status: "draft",
      gradedBy: "autograder",
      instructions: "",
      starterFiles: [{ name: "main.py", content: "" }],
      readOnlyFiles: [],
      referenceFiles: [],
      functionTests: [],
      ioCases: [],
      opensAt: null,
      dueAt: null,
      lockAt: null,
      latePolicy: { kind: "none" },
      attemptLimit: null,
      scoreCounting: "last",
      gradingTimeLimitMs: 10_000,
    },
    null,
    authz.course.timeZone,
  );
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: "New assignment" },
      ]}
    >
      <h1 className="text-xl font-semibold">New assignment</h1>
      <p className="mt-1 text-sm text-slate-700">It starts as a draft: students see it only once you publish it.</p>
      <AssignmentEditor courseId={authz.course.id} initial={initial} groups={groups.map((g) => ({ id: g.id, title: g.title }))} timeZone={authz.course.timeZone} readOnly={false} />
    </Shell>
  );
}
