import Link from "next/link";
import { Shell } from "@/components/shell";
import { JobList } from "@/components/exports/job-list";
import { RequestExportForm } from "@/components/exports/request-form";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { EXPORT_KINDS } from "@/lib/exports/params";
import { selectAssignments } from "@/lib/models/assignments";
import { selectExportJobViews } from "@/lib/models/export-jobs";
import { selectConsentCounts, selectOptionalResearchSettings, selectResearchGrants } from "@/lib/models/research";
import { DEFAULT_CONSENT_MODEL, DEFAULT_CONSENT_WORDING } from "@/lib/research/consent";
import { ConsentSettingsForm, GrantForm, RevokeButton } from "./_components/research-forms";

export const dynamic = "force-dynamic";

/** Staff exports of one course: request, watch and download; research consent and researcher access (instructors). */
export default async function ExportsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES }));
  const instructor = authz.role === "instructor";
  const [assignments, jobs, settings, grants, counts] = await Promise.all([
    selectAssignments({ authz }),
    selectExportJobViews({ courseId: authz.course.id }),
    selectOptionalResearchSettings({ courseId: authz.course.id }),
    instructor ? selectResearchGrants({ authz }) : Promise.resolve([]),
    selectConsentCounts({ authz }),
  ]);
  const kinds = Object.entries(EXPORT_KINDS).map(([id, k]) => ({ id, ...k }));
  const model = settings?.consentModel ?? DEFAULT_CONSENT_MODEL;
  const included = model === "opt_out" ? counts.granted + counts.undecided : counts.granted;
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${authz.course.id}`, label: authz.course.title }, { label: "Exports" }]}>
      <h1 className="text-xl font-semibold">Exports</h1>
      <p className="mt-1 text-sm text-slate-700">
        Exports are built in the background; you can leave this page. Large ones are emailed to you when ready.{" "}
        <Link href={`/courses/${authz.course.id}/exports/canvas-compare`} className="text-lantern-700 underline">
          Compare with a Canvas gradebook
        </Link>
      </p>
      <section aria-labelledby="exports-list" className="mt-6">
        <h2 id="exports-list" className="text-base font-semibold">Your course&apos;s exports</h2>
        <div className="mt-2">
          <JobList jobs={jobs} session={authz.session} />
        </div>
      </section>
      <section aria-labelledby="exports-new" className="mt-8 rounded-lg border border-slate-200 p-4">
        <h2 id="exports-new" className="text-base font-semibold">New export</h2>
        <div className="mt-2">
          <RequestExportForm courseId={authz.course.id} kinds={kinds} assignments={assignments.map((a) => ({ id: a.id, title: a.title }))} researchOnly={false} returnTo="course" />
        </div>
      </section>
      <section aria-labelledby="exports-consent" className="mt-8 rounded-lg border border-slate-200 p-4">
        <h2 id="exports-consent" className="text-base font-semibold">Research consent</h2>
        <p className="mt-1 text-sm text-slate-700">
          {included} student{included === 1 ? "" : "s"} would be in a research export now ({counts.granted} agreed, {counts.declined} declined,{" "}
          {counts.undecided} not chosen; {model === "opt_in" ? "opt-in" : "opt-out"}). Staff exports with names are not affected.
        </p>
        {instructor && (
          <div className="mt-3">
            <ConsentSettingsForm courseId={authz.course.id} model={model} wording={settings?.wording ?? DEFAULT_CONSENT_WORDING} />
          </div>
        )}
      </section>
      {instructor && (
        <section aria-labelledby="exports-access" className="mt-8 rounded-lg border border-slate-200 p-4">
          <h2 id="exports-access" className="text-base font-semibold">Researcher access</h2>
          <p className="mt-1 text-sm text-slate-700">Researchers you name can request de-identified exports of this course (consenting students only) from their research page.</p>
          {grants.length > 0 && (
            <ul className="mt-2 divide-y divide-slate-200">
              {grants.map((g) => (
                <li key={g.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <span>
                    {g.name ?? g.email} <span className="text-slate-700">({g.email})</span>
                  </span>
                  <RevokeButton courseId={authz.course.id} grantId={g.id} name={g.name ?? g.email ?? "researcher"} />
                </li>
              ))}
            </ul>
          )}
          <div className="mt-3">
            <GrantForm courseId={authz.course.id} />
          </div>
        </section>
      )}
    </Shell>
  );
}
