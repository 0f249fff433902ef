import { Shell } from "@/components/shell";
import { JobList } from "@/components/exports/job-list";
import { RequestExportForm } from "@/components/exports/request-form";
import { requireSession } from "@/lib/auth/session";
import { forPage } from "@/lib/auth/page";
import { EXPORT_KINDS } from "@/lib/exports/params";
import { selectExportAssignments } from "@/lib/models/export-data";
import { selectExportJobViews } from "@/lib/models/export-jobs";
import { selectResearcherCourses } from "@/lib/models/research";
import { systemAuthz } from "@/lib/auth/authz";

export const dynamic = "force-dynamic";

/** A researcher's area: the courses whose instructors granted access, de-identified exports of them, and their jobs. */
export default async function ResearchPage() {
  const session = await forPage(requireSession());
  const [courses, jobs] = await Promise.all([
    selectResearcherCourses({ userId: session.user.id }),
    selectExportJobViews({ requestedByUserId: session.user.id }),
  ]);
  const researchJobs = jobs.filter((j) => j.audience === "research");
  const kinds = Object.entries(EXPORT_KINDS)
    .filter(([, k]) => k.audiences.includes("research"))
    .map(([id, k]) => ({ id, ...k }));
  const withAssignments = await Promise.all(
    courses.map(async (c) => ({
      ...c,
      // Titles only; the export itself re-checks the grant.
      assignments: await selectExportAssignments({
        system: systemAuthz(),
        scope: { courseId: c.id, assignmentIds: null, from: null, to: null, roles: ["student"], includeTestStudents: false, consentingOnly: true },
      }),
    })),
  );
  return (
    <Shell crumbs={[{ label: "Research" }]}>
      <h1 className="text-xl font-semibold">Research exports</h1>
      <p className="mt-1 text-sm text-slate-700">
        De-identified exports of the courses whose instructors granted you access. Only students whose research consent allows it are included.
      </p>
      <section aria-labelledby="research-jobs" className="mt-6">
        <h2 id="research-jobs" className="text-base font-semibold">Your exports</h2>
        <div className="mt-2">
          <JobList jobs={researchJobs} session={session} showCourse />
        </div>
      </section>
      {withAssignments.length === 0 && <p className="mt-6 text-slate-700">No course has granted you access yet. Ask the course&apos;s instructor to name you on its Exports page.</p>}
      {withAssignments.map((c) => (
        <section key={c.id} aria-labelledby={`course-${c.id}`} className="mt-8 rounded-lg border border-slate-200 p-4">
          <h2 id={`course-${c.id}`} className="text-base font-semibold">
            {c.title}
            {c.code ? ` (${c.code})` : ""}
          </h2>
          <div className="mt-2">
            <RequestExportForm courseId={c.id} kinds={kinds} assignments={c.assignments.map((a) => ({ id: a.id, title: a.title }))} researchOnly returnTo="research" />
          </div>
        </section>
      ))}
    </Shell>
  );
}
