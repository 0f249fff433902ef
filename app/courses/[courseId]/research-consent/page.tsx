import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { ALL_ROLES } from "@/lib/auth/roles";
import { selectOptionalOwnConsent, selectOptionalResearchSettings } from "@/lib/models/research";
import { consentAllows, DEFAULT_CONSENT_MODEL, DEFAULT_CONSENT_WORDING } from "@/lib/research/consent";
import { ConsentForm } from "./_components/consent-form";

export const dynamic = "force-dynamic";

/** A student's research-consent choice for one course: the instructor's wording, their current choice, a change. */
export default async function ResearchConsentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES }));
  const [settings, own] = await Promise.all([selectOptionalResearchSettings({ courseId: authz.course.id }), selectOptionalOwnConsent({ authz })]);
  const model = settings?.consentModel ?? DEFAULT_CONSENT_MODEL;
  const included = consentAllows(model, own?.choice ?? null);
  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${authz.course.id}`, label: authz.course.title }, { label: "Research consent" }]}>
      <h1 className="text-xl font-semibold">Research consent</h1>
      <div className="mt-3 max-w-prose space-y-2 text-slate-800">
        {(settings?.wording ?? DEFAULT_CONSENT_WORDING).split(/\n\s*\n/).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <p className="mt-4 rounded bg-slate-100 p-3 text-sm" aria-live="polite">
        {included ? "Your de-identified work is currently included in research exports." : "Your work is currently not included in research exports."}
        {!own && (model === "opt_out" ? " You have not chosen, so it is included unless you say no." : " You have not chosen, so it is left out unless you say yes.")}
      </p>
      <div className="mt-4">
        <ConsentForm courseId={authz.course.id} choice={own?.choice ?? null} />
      </div>
    </Shell>
  );
}
