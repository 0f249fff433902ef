import type { LtijsProvider } from "ltijs";
import { env } from "@/lib/env";
import { LtijsPostgresPlugin } from "./ltijs-plugin";
import { MAX_TOKEN_AGE_S } from "./verify";

/**
 * ltijs 5.9.9 as a library: one provider per process, set up lazily on first use (never at import time — `next
 * build` imports route modules, and requiring ltijs costs ~0.5 s and ~80 MB). Its Express app, `deploy()` and ltik
 * are never used: `deploy()` adds a SIGINT handler per call and calls process.exit() on errors.
 *
 * What Lantern uses it for, and what it does not (docs/lti-install.md, "Design notes"): the
 * Postgres plugin gives ltijs a store, so its platform registry, Grade, NamesAndRoles and DeepLinking helpers can be
 * called; login, launch validation, deep-linking responses, dynamic registration and access tokens are Lantern's own
 * code because of ltijs 5.9.9's known gaps (nonce not bound, JWKS not cached, `errormsg ` key, deployments not
 * tracked, no issuer check, wrong Canvas `aud`, score timestamps overwritten).
 */
type Holder = { __lanternLtijs?: Promise<{ provider: LtijsProvider; plugin: LtijsPostgresPlugin }> };
const holder = globalThis as unknown as Holder;

async function create(): Promise<{ provider: LtijsProvider; plugin: LtijsPostgresPlugin }> {
  const { Provider } = await import("ltijs");
  const plugin = new LtijsPostgresPlugin();
  Provider.setup(env().KEY_ENCRYPTION_SECRET, { plugin }, {
    cookies: { secure: true, sameSite: "None" },
    tokenMaxAge: MAX_TOKEN_AGE_S,
  });
  await plugin.setup();
  return { provider: Provider, plugin };
}

/** The process-wide ltijs provider backed by Postgres. */
export async function getLtijs(): Promise<{ provider: LtijsProvider; plugin: LtijsPostgresPlugin }> {
  holder.__lanternLtijs ??= create().catch((error) => {
    holder.__lanternLtijs = undefined;
    throw error;
  });
  return holder.__lanternLtijs;
}
