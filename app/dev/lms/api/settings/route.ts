import { handler } from "@/lib/auth/handler";
import { faultSettings } from "@/lib/dev-lms/faults";
import { requireDevLms } from "@/lib/dev-lms/platform";
import { ensureDevLmsSettings, selectDevLmsSettings } from "@/lib/models/dev-lms-ags";

export const dynamic = "force-dynamic";

/** AGS failure injection (dev only). PUT replaces the settings and restarts the call counter; 0 turns a fault off. */
export const GET = handler({ access: { public: true } }, async () => {
  requireDevLms();
  return { settings: await selectDevLmsSettings() };
});

export const PUT = handler({ access: { public: true }, body: faultSettings }, async ({ body }) => {
  requireDevLms();
  return { settings: await ensureDevLmsSettings({ values: body }) };
});
