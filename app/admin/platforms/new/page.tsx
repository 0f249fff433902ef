import Link from "next/link";
import { z } from "zod";
import { inputClass, secondaryButton } from "@/components/form-controls";
import { page } from "@/lib/auth/page";
import { CANVAS_ENVIRONMENTS, canvasCloudEndpoints, canvasHost, type CanvasEnvironment } from "@/lib/lti/canvas-cloud";
import { AdminFrame } from "../../_components/admin-frame";
import { registerPlatformAction } from "../actions";
import { PlatformForm } from "../_components/platform-form";
import { InstallUrls } from "../_components/install-urls";

export const dynamic = "force-dynamic";

const presetQuery = z.object({
  preset: z.enum(["canvas"]).optional().catch(undefined),
  canvasHost: z.string().max(300).optional().catch(undefined),
  environment: z.enum(Object.keys(CANVAS_ENVIRONMENTS) as [CanvasEnvironment, ...CanvasEnvironment[]]).catch("production"),
});

/**
 * Manual LTI 1.3 registration: the values the LMS shows for Lantern, typed in (the same fields as the CLI). The
 * Canvas preset fills in Instructure-hosted Canvas's fixed issuer and endpoints from the school's Canvas address
 * (lib/lti/canvas-cloud.ts), so only the client id and deployment are left to copy from Canvas.
 */
export default page({ access: { siteRoles: ["admin"] }, searchParams: presetQuery }, async ({ searchParams }) => {
  const canvas = searchParams.preset === "canvas";
  const host = canvas && searchParams.canvasHost !== undefined ? canvasHost(searchParams.canvasHost) : null;
  const hostError = canvas && searchParams.canvasHost !== undefined && !host ? "Enter your Canvas address, e.g. school.instructure.com." : undefined;
  const filled = host ? { ...canvasCloudEndpoints({ host, environment: searchParams.environment }), clientId: "" } : undefined;
  return (
    <AdminFrame current="/admin/platforms" title="Register a platform" parent={{ href: "/admin/platforms", label: "LMS platforms" }}>
      <p className="mt-2 max-w-2xl text-slate-700">
        First add Lantern in your LMS with the URLs below; the LMS then shows the values this form asks for.
      </p>
      {canvas ? (
        <section aria-labelledby="canvas-preset-heading" className="mt-4 max-w-2xl rounded border border-slate-300 p-4">
          <h2 id="canvas-preset-heading" className="text-lg font-semibold">Canvas (hosted by Instructure)</h2>
          <p className="mt-1 text-sm text-slate-700">
            Hosted Canvas uses one issuer and sign-in address for every school; access tokens come from your own Canvas
            address. Self-hosted Canvas: <Link href="/admin/platforms/new" className="text-lantern-700 underline">type its values</Link> instead.
          </p>
          <form method="get" className="mt-3 flex flex-wrap items-end gap-3" noValidate>
            <input type="hidden" name="preset" value="canvas" />
            <div>
              <label htmlFor="canvas-host" className="block text-sm font-medium">Your Canvas address</label>
              <input
                id="canvas-host"
                name="canvasHost"
                defaultValue={searchParams.canvasHost ?? ""}
                placeholder="school.instructure.com"
                className={inputClass}
                aria-invalid={hostError ? true : undefined}
                aria-describedby={hostError ? "canvas-host-error" : undefined}
              />
              {hostError && <p id="canvas-host-error" className="mt-1 text-sm text-red-800">{hostError}</p>}
            </div>
            <div>
              <label htmlFor="canvas-environment" className="block text-sm font-medium">Environment</label>
              <select id="canvas-environment" name="environment" defaultValue={searchParams.environment} className={inputClass}>
                <option value="production">Production</option>
                <option value="beta">Beta</option>
                <option value="test">Test</option>
              </select>
            </div>
            <button type="submit" className={secondaryButton}>Fill in Canvas&apos;s values</button>
          </form>
          <p role="status" className="mt-3 text-sm text-slate-700">
            {filled &&
              `Filled in for ${host}. Add the developer key's client id (its number in the Details column) and the deployment id (the app's gear menu → Deployment Id).`}
          </p>
        </section>
      ) : (
        <p className="mt-4">
          <Link href="/admin/platforms/new?preset=canvas" className="text-lantern-700 underline">
            Registering Canvas hosted by Instructure? Use the Canvas preset
          </Link>
        </p>
      )}
      {/* Keyed by the preset's values so a new choice replaces what the form shows. */}
      <PlatformForm key={filled ? `${filled.issuer} ${filled.authTokenUrl}` : "blank"} action={registerPlatformAction} initial={filled} />
      <InstallUrls />
    </AdminFrame>
  );
});
