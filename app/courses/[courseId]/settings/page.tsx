import { CourseNav } from "@/components/course-nav";
import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { SettingsForm } from "./_components/settings-form";

export const dynamic = "force-dynamic";

export default async function CourseSettingsPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { courseId } = await params;
  const { saved } = await searchParams;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  const c = authz.course;
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${c.id}`, label: c.title }, { label: "Settings" }]}>
      <h1 className="text-xl font-semibold">Course settings</h1>
      <CourseNav courseId={c.id} current="settings" />
      {saved && (
        <p role="status" className="mt-3 rounded bg-green-50 px-3 py-2 text-sm text-green-900">
          Saved.
        </p>
      )}
      {authz.role === "instructor" && !authz.viewingAs ? (
        <SettingsForm courseId={c.id} timeZone={c.timeZone} startsOn={c.startsOn ?? ""} taCanEdit={c.taCanEdit} zones={Intl.supportedValuesOf("timeZone")} />
      ) : (
        <>
        <dl className="mt-4 space-y-2 text-sm">
          <div>
            <dt className="font-medium">Time zone</dt>
            <dd>{c.timeZone}</dd>
          </div>
          <div>
            <dt className="font-medium">First day</dt>
            <dd>{c.startsOn ?? "Not set"}</dd>
          </div>
        </dl>
        <p className="mt-2 text-sm text-slate-700">Only instructors change these.</p>
        </>
      )}
    </Shell>
  );
}
