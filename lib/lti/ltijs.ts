import type {
  LtijsAuth,
  LtijsDeepLinkingClass,
  LtijsDynamicRegistrationClass,
  LtijsGradeClass,
  LtijsKeyset,
  LtijsNamesAndRolesClass,
  LtijsPlatformClass,
} from "ltijs";
import { patchLtijsHttp } from "./ltijs-http";
import { LtijsPostgresPlugin } from "./ltijs-plugin";

/**
 * ltijs 5.9.9 as a library: its modules loaded lazily, once per process (never at import time — `next build` imports
 * route modules). Only the modules Lantern calls are required, not `ltijs` itself: its Provider builds an Express app
 * in `setup()` and pulls in mongoose, express and helmet (measured here: 300 ms and 40 MB to load, against 90 ms and
 * 16 MB for the parts below). Its Express app, `deploy()` and ltik are never used.
 *
 * What Lantern takes from it (docs/lti-install.md, "How Lantern uses ltijs"): token validation (`Auth`), the tool
 * keyset (`Keyset`), `Platform` objects (access tokens, signing keys), and the Grade, NamesAndRoles, DeepLinking and
 * DynamicRegistration services. Their gaps are covered in the modules that call them.
 */
export type Ltijs = {
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
  const [{ default: Auth }, { default: Keyset }, { default: Platform }, grade, names, deepLinking, dynReg] =
    await Promise.all([
      import("ltijs/dist/Utils/Auth.js"),
      import("ltijs/dist/Utils/Keyset.js"),
      import("ltijs/dist/Utils/Platform.js"),
      import("ltijs/dist/Provider/Services/Grade.js"),
      import("ltijs/dist/Provider/Services/NamesAndRoles.js"),
      import("ltijs/dist/Provider/Services/DeepLinking.js"),
      import("ltijs/dist/Provider/Services/DynamicRegistration.js"),
    ]);
  // What ltijs' deploy() would do for the database, without its SIGINT handler and process.exit() on errors.
  const plugin = new LtijsPostgresPlugin();
  await plugin.setup();
  return {
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
