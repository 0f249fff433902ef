import Link from "next/link";
import { dangerButton } from "@/components/form-controls";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { selectApiTokens, type ApiTokenSummary } from "@/lib/models/api-tokens";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./_components/create-token-form";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

function state(t: ApiTokenSummary): string {
  if (t.revokedAt) return `revoked ${day(t.revokedAt)}`;
  if (t.expiresAt.getTime() <= Date.now()) return "expired";
  return "active";
}

/** The signed-in user's personal API tokens: create (shown once), list, revoke. */
export default page({ access: { user: true } }, async ({ authz }) => {
  const tokens = await selectApiTokens({ authz });
  return (
    <Shell crumbs={[{ label: "API tokens" }]}>
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="mt-2 max-w-2xl text-slate-700">
        A token lets a script use the <Link href="/docs/api" className="text-lantern-700 underline">Lantern REST API</Link> as
        you: it sees and changes exactly what you can on these pages, limited to the scopes you pick. Send it as{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <section aria-labelledby="tokens-heading" className="mt-6">
        <h2 id="tokens-heading" className="text-lg font-semibold">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="mt-2 text-slate-700">You have no tokens.</p>
        ) : (
          // A wide table scrolls in its own keyboard-reachable box, so the page reflows at 320 px (WCAG 1.4.10).
          // `relative`: the header's sr-only label is absolutely positioned and would otherwise escape the box.
          <div className="relative mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Your tokens table">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your API tokens</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">Name</th>
                  <th scope="col" className="py-2 pr-3">Starts with</th>
                  <th scope="col" className="py-2 pr-3">Scopes</th>
                  <th scope="col" className="py-2 pr-3">Created</th>
                  <th scope="col" className="py-2 pr-3">Expires</th>
                  <th scope="col" className="py-2 pr-3">Last used</th>
                  <th scope="col" className="py-2 pr-3">State</th>
                  <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} className="border-b border-slate-200">
                    <td className="py-2 pr-3">{t.name}</td>
                    <td className="py-2 pr-3 font-mono">{t.prefix}…</td>
                    <td className="py-2 pr-3">{t.scopes.join(", ")}</td>
                    <td className="py-2 pr-3">{day(t.createdAt)}</td>
                    <td className="py-2 pr-3">{day(t.expiresAt)}</td>
                    <td className="py-2 pr-3">{day(t.lastUsedAt)}</td>
                    <td className="py-2 pr-3">{state(t)}</td>
                    <td className="py-2">
                      {state(t) === "active" && (
                        <form action={revokeTokenAction}>
                          <input type="hidden" name="tokenId" value={t.id} />
                          <button type="submit" className={dangerButton} aria-label={`Revoke ${t.name}`}>
                            Revoke
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="new-token-heading" className="mt-8">
        <h2 id="new-token-heading" className="text-lg font-semibold">New token</h2>
        <CreateTokenForm />
      </section>
    </Shell>
  );
});
