import { z } from "zod";
import { page } from "@/lib/auth/page";
import { selectPlatformOverview } from "@/lib/models/platform-overview";
import { ActionButton } from "../../_components/action-button";
import { AdminFrame } from "../../_components/admin-frame";
import { editPlatformAction, removePlatformAction, setPlatformActiveAction } from "../actions";
import { AddDeploymentForm } from "../_components/add-deployment-form";
import { PlatformForm } from "../_components/platform-form";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");

/** One platform: status, deployments, endpoints (editable), activate/deactivate, remove. */
export default page(
  {
    access: { siteRoles: ["admin"] },
    params: z.object({ platformId: z.string() }),
    searchParams: z.object({ registered: z.string().optional().catch(undefined) }),
  },
  async ({ authz, params, searchParams }) => {
    const { platform: p, deploymentIds, courseCount, lastLaunchAt } = await selectPlatformOverview({ authz, unsafePlatformId: params.platformId });
    return (
      <AdminFrame current="/admin/platforms" title={p.name} parent={{ href: "/admin/platforms", label: "LMS platforms" }}>
        {searchParams.registered && (
          <p role="status" className="mt-4 rounded border border-green-700 bg-green-50 p-2">
            Registered. Launches from this platform now reach Lantern{deploymentIds.length ? "" : " once you add a deployment id"}.
          </p>
        )}
        <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="font-medium">Status</dt>
          <dd>{p.active ? "active" : "inactive: its launches are refused and its grades wait"}</dd>
          <dt className="font-medium">Registered</dt>
          <dd>
            {p.registeredVia === "dynamic" ? "by Dynamic Registration" : "manually"}, {day(p.createdAt)}
          </dd>
          <dt className="font-medium">Last launch</dt>
          <dd>{day(lastLaunchAt)}</dd>
          <dt className="font-medium">Courses</dt>
          <dd>{courseCount}</dd>
        </dl>
        <div className="mt-4 flex flex-wrap gap-3">
          <ActionButton
            action={setPlatformActiveAction}
            fields={{ platformId: p.id, active: String(!p.active) }}
            label={p.active ? "Deactivate" : "Activate"}
            variant={p.active ? "danger" : "primary"}
          />
        </div>

        <section aria-labelledby="deployments-heading" className="mt-8">
          <h2 id="deployments-heading" className="text-lg font-semibold">Deployments</h2>
          {deploymentIds.length === 0 ? (
            <p className="mt-1 text-red-800">None: every launch is refused until you add the deployment id the LMS shows.</p>
          ) : (
            <ul className="mt-1 list-disc pl-6 font-mono text-sm">
              {deploymentIds.map((d) => (
                <li key={d} className="break-all">{d}</li>
              ))}
            </ul>
          )}
          <AddDeploymentForm platformId={p.id} />
        </section>

        <section aria-labelledby="endpoints-heading" className="mt-8">
          <h2 id="endpoints-heading" className="text-lg font-semibold">Endpoints</h2>
          <PlatformForm
            action={editPlatformAction}
            platformId={p.id}
            initial={{ name: p.name, issuer: p.issuer, clientId: p.clientId, authLoginUrl: p.authLoginUrl, authTokenUrl: p.authTokenUrl, jwksUrl: p.jwksUrl }}
          />
        </section>

        <section aria-labelledby="remove-heading" className="mt-8">
          <h2 id="remove-heading" className="text-lg font-semibold">Remove</h2>
          <p className="mt-1 max-w-2xl text-sm text-slate-700">
            Only a platform that nothing depends on yet (no linked courses, users or grades) can be removed; otherwise
            deactivate it.
          </p>
          <div className="mt-2">
            <ActionButton action={removePlatformAction} fields={{ platformId: p.id }} label={`Remove ${p.name}`} variant="danger" />
          </div>
        </section>
      </AdminFrame>
    );
  },
);
