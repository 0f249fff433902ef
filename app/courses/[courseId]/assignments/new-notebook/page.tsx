import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { canEditAssignments } from "@/lib/models/assignment-authoring";
import { NotebookForm } from "./_components/notebook-form";

export const dynamic = "force-dynamic";

/** New notebook assignment: work happens in Jupyter with nbgrader, through Lantern's exchange (docs/exchange.md). */
export default page({ access: { courseRoles: STAFF_ROLES } }, async function NewNotebookPage({ authz }) {
  if (!canEditAssignments(authz)) throw notFound();
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: "New notebook assignment" },
      ]}
    >
      <h1 className="text-xl font-semibold">New notebook assignment</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        For Jupyter notebooks graded with nbgrader. You release, collect and return feedback from nbgrader as usual, with
        Lantern as its exchange; students fetch and submit from their own Jupyter; you upload nbgrader&apos;s grades CSV
        and the scores go to the LMS. It is published at once: students see it when they open it from the LMS.
      </p>
      <NotebookForm courseId={authz.course.id} timeZone={authz.course.timeZone} />
    </Shell>
  );
});
