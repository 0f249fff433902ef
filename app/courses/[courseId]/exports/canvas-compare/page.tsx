import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { CompareForm } from "./_components/compare-form";

export const dynamic = "force-dynamic";

/** Staff upload a gradebook exported from Canvas to see, per student, where Canvas and Lantern disagree. */
export default async function CanvasComparePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { href: `/courses/${authz.course.id}/exports`, label: "Exports" },
        { label: "Compare with Canvas" },
      ]}
    >
      <h1 className="text-xl font-semibold">Compare with a Canvas gradebook</h1>
      <p className="mt-1 max-w-prose text-sm text-slate-700">
        In Canvas, open Grades → Export → Export Entire Gradebook, then upload the file here. Nothing is changed: you see which grades differ, so you
        can fix them (for example by importing Lantern&apos;s Canvas gradebook CSV back into Canvas).
      </p>
      <div className="mt-4">
        <CompareForm courseId={authz.course.id} />
      </div>
    </Shell>
  );
}
