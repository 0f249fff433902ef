import { dangerButton } from "@/components/form-controls";
import { JupyterSetup } from "@/components/exchange/jupyter-setup";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { ALL_ROLES, isStaffRole } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { selectApiTokens } from "@/lib/models/api-tokens";
import { revokeExchangeTokenAction } from "./actions";
import { ExchangeTokenForm } from "./_components/exchange-token-form";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

/**
 * Connect Jupyter: the nbgrader settings for this course and the member's own exchange tokens (scope `exchange`
 * only). The same page serves students (fetch, submit, fetch feedback) and staff (release, collect, feedback).
 */
export default page({ access: { courseRoles: ALL_ROLES } }, async function ConnectJupyterPage({ authz }) {
  const now = Date.now();
  const tokens = authz.viewingAs
    ? []
    : (await selectApiTokens({ authz: { kind: "user", session: authz.session } })).filter(
        (t) => t.scopes.includes("exchange") && !t.revokedAt && t.expiresAt.getTime() > now,
      );
  const staff = isStaffRole(authz.role);
  const code = authz.course.code;
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: "Connect Jupyter" },
      ]}
    >
      <h1 className="text-xl font-semibold">Connect Jupyter</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        Notebook assignments of this course go through Lantern with nbgrader&apos;s exchange plugin: you{" "}
        {staff ? "release assignments, collect submissions and release feedback" : "fetch assignments, submit them and fetch your feedback"} from
        your own Jupyter. Your exchange token lets nbgrader do that as you, and nothing else.
      </p>
      {code ? (
        <section aria-labelledby="setup-heading" className="mt-6">
          <h2 id="setup-heading" className="text-lg font-semibold">
            Set up nbgrader
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            This course&apos;s id for nbgrader is <code>{code}</code>.
          </p>
          <JupyterSetup appUrl={env().APP_URL} courseCode={code} tokenHref={`/courses/${authz.course.id}/jupyter`} />
        </section>
      ) : (
        <p className="mt-6 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This course has no course code, which nbgrader needs as its course id. Course codes come from the LMS (its
          course label); ask your LMS administrator to set one.
        </p>
      )}
      <section aria-labelledby="tokens-heading" className="mt-8">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          Your exchange tokens
        </h2>
        {authz.viewingAs ? (
          <p className="mt-2 text-sm text-slate-700">You are viewing the course as someone else: their tokens are theirs alone.</p>
        ) : (
          <>
            {tokens.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">You have no exchange token yet.</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 text-sm">
                {tokens.map((t) => (
                  <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                    <span>
                      <span className="font-mono">{t.prefix}…</span> · created {day(t.createdAt)} · expires {day(t.expiresAt)} · last used {day(t.lastUsedAt)}
                    </span>
                    <form action={revokeExchangeTokenAction}>
                      <input type="hidden" name="courseId" value={authz.course.id} />
                      <input type="hidden" name="tokenId" value={t.id} />
                      <button type="submit" className={dangerButton} aria-label={`Revoke token ${t.prefix}`}>
                        Revoke
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
            <ExchangeTokenForm courseId={authz.course.id} />
          </>
        )}
      </section>
    </Shell>
  );
});
