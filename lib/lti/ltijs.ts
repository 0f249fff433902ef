import type {
  LtijsAuth,
  LtijsDeepLinkingClass,
  LtijsDynamicRegistrationClass,
  LtijsGradeClass,
  LtijsKeyset,
  LtijsNamesAndRolesClass,
  LtijsPlatformClass,
  LtijsProvider,
} from "ltijs";
import { env } from "@/lib/env";
import { patchLtijsHttp } from "./ltijs-http";
import { LtijsPostgresPlugin } from "./ltijs-plugin";

/**
 * ltijs 5.9.9 as a library: one provider per process, set up lazily on first use (never at import time — `next
 * build` imports route modules, and requiring ltijs costs ~0.5 s and ~80 MB). Its Express app, `deploy()` and ltik
 * are never used: `deploy()` adds a SIGINT handler per call and calls process.exit() on errors.
 *
 * What Lantern takes from it (docs/lti-install.md, "How Lantern uses ltijs"): token validation (`Auth`), the tool
 * keyset (`Keyset`), `Platform` objects (access tokens, signing keys), and the Grade, NamesAndRoles, DeepLinking and
 * DynamicRegistration services. Their gaps are covered in the modules that call them.
 */
export type Ltijs = {
  provider: LtijsProvider;
  plugin: LtijsPostgresPlugin;
  Auth: LtijsAuth;
  Keyset: LtijsKeyset;
  Platform: LtijsPlatformClass;
  Grade: LtijsGradeClass;
  NamesAndRoles: LtijsNamesAndRolesClass;
  DeepLinking: LtijsDeepLinkingClass;
  DynamicRegistration: LtijsDynamicRegistrationClass;
};

type Holder = { __lanternLtijs?: Promise<Ltijs> };
const holder = globalThis as unknown as Holder;

async function create(): Promise<Ltijs> {
  // The HTTP client first: every ltijs module captures the same got instance when it is first required.
  const { default: got } = await import("ltijs/dist/Utils/Http.js");
  patchLtijsHttp(got as unknown as Record<string, unknown>);
  const [{ Provider }, { default: Auth }, { default: Keyset }, { default: Platform }, grade, names, deepLinking, dynReg] =
    await Promise.all([
      import("ltijs"),
      import("ltijs/dist/Utils/Auth.js"),
      import("ltijs/dist/Utils/Keyset.js"),
      import("ltijs/dist/Utils/Platform.js"),
      import("ltijs/dist/Provider/Services/Grade.js"),
      import("ltijs/dist/Provider/Services/NamesAndRoles.js"),
      import("ltijs/dist/Provider/Services/DeepLinking.js"),
      import("ltijs/dist/Provider/Services/DynamicRegistration.js"),
    ]);
  const plugin = new LtijsPostgresPlugin();
  Provider.setup(env().KEY_ENCRYPTION_SECRET, { plugin }, { cookies: { secure: true, sameSite: "None" } });
  await plugin.setup();
  return {
    provider: Provider,
    plugin,
    Auth,
    Keyset,
    Platform,
    Grade: grade.default,
    NamesAndRoles: names.default,
    DeepLinking: deepLinking.default,
    DynamicRegistration: dynReg.default,
  };
}

/** The process-wide ltijs modules and provider, backed by Postgres. */
export async function getLtijs(): Promise<Ltijs> {
  holder.__lanternLtijs ??= create().catch((error) => {
    holder.__lanternLtijs = undefined;
    throw error;
  });
  return holder.__lanternLtijs;
}
