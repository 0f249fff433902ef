import { CourseNav } from "@/components/course-nav";
import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { signedDownloadHref } from "@/lib/auth/download-link";
import { forPage } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { canEditAssignments } from "@/lib/models/assignment-authoring";
import { ImportForm } from "./_components/import-form";

export const dynamic = "force-dynamic";

export default async function ContentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  const c = authz.course;
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${c.id}`, label: c.title }, { label: "Content files" }]}>
      <h1 className="text-xl font-semibold">Course content as files</h1>
      <CourseNav courseId={c.id} current="content" />
      <p className="mt-3 max-w-3xl text-sm text-slate-700">
        The course&apos;s groups and assignments — instructions, starter files, tests, reference solutions, dates relative to the first day — as plain files
        (format <code>lantern-course/1</code>, described in <code>docs/course-content.md</code>). Keep them in git and import them here or with{" "}
        <code>npm run content -- import</code>.
      </p>
      <section aria-labelledby="export" className="mt-6">
        <h2 id="export" className="text-base font-semibold">
          Export
        </h2>
        <a href={signedDownloadHref(`/api/courses/${c.id}/content`, authz.session)} className="mt-2 inline-block rounded bg-lantern-700 px-4 py-2 text-sm font-medium text-white hover:bg-lantern-600" download>
          Download the course as a zip
        </a>
      </section>
      <section aria-labelledby="import" className="mt-8">
        <h2 id="import" className="text-base font-semibold">
          Import
        </h2>
        {canEditAssignments(authz) ? (
          <>
            <p className="mt-1 max-w-3xl text-sm text-slate-700">
              Assignments are matched by folder name: new ones are created, changed ones updated, and nothing is changed until you confirm. Assignments not in
              the files are left alone. Importing the same files twice changes nothing.
            </p>
            <ImportForm courseId={c.id} />
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-700">Only staff who may edit assignments can import.</p>
        )}
      </section>
    </Shell>
  );
}
