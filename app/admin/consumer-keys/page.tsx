import { page } from "@/lib/auth/page";
import { listConsumerKeys } from "@/lib/admin/lti11-consumers";
import { toolUrls } from "@/lib/lti/tool-config";
import { ActionButton } from "../_components/action-button";
import { AdminFrame } from "../_components/admin-frame";
import { CopyField } from "../_components/copy-field";
import { setConsumerKeyActiveAction } from "./actions";
import { CreateConsumerKeyForm } from "./_components/create-consumer-key-form";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

/** LTI 1.1 consumer keys (OAuth 1.0a key + shared secret): create (secret shown once), list, revoke. */
export default page({ access: { siteRoles: ["admin"] } }, async ({ authz }) => {
  const keys = await listConsumerKeys({ authz });
  const { base } = toolUrls();
  return (
    <AdminFrame current="/admin/consumer-keys" title="LTI 1.1 consumer keys">
      <p className="mt-2 max-w-2xl text-slate-700">
        For LMSs that still use LTI 1.1: each gets a consumer key and a shared secret, entered in the LMS with the
        launch URL below. Grades go back by LTI 1.1 Basic Outcomes. The LMS addresses are learned from each key&rsquo;s
        signed launches (their return and instance URLs); only those sites may show Lantern in a frame.
      </p>
      {keys.length === 0 ? (
        <p className="mt-4 text-slate-700">No consumer keys yet.</p>
      ) : (
        <div className="mt-4 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Consumer keys">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">LTI 1.1 consumer keys</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">Consumer key</th>
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3">Status</th>
                <th scope="col" className="py-2 pr-3">LMS</th>
                <th scope="col" className="py-2 pr-3">LMS addresses</th>
                <th scope="col" className="py-2 pr-3">Last launch</th>
                <th scope="col" className="py-2 pr-3">Created</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-3 font-mono break-all">{k.consumerKey}</td>
                  <td className="py-2 pr-3">{k.name}</td>
                  <td className="py-2 pr-3">{k.active ? "active" : "revoked"}</td>
                  <td className="py-2 pr-3">{k.productFamily ?? "—"}</td>
                  <td className="py-2 pr-3 break-all">
                    {k.launchOrigins.length === 0 ? "none yet" : k.launchOrigins.join(", ")}
                  </td>
                  <td className="py-2 pr-3">{day(k.lastLaunchAt)}</td>
                  <td className="py-2 pr-3">{day(k.createdAt)}</td>
                  <td className="py-2">
                    <ActionButton
                      action={setConsumerKeyActiveAction}
                      fields={{ consumerKey: k.consumerKey, active: String(!k.active) }}
                      label={k.active ? "Revoke" : "Reactivate"}
                      accessibleLabel={`${k.active ? "Revoke" : "Reactivate"} ${k.consumerKey}`}
                      variant={k.active ? "danger" : "secondary"}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="new-key-heading" className="mt-8">
        <h2 id="new-key-heading" className="text-lg font-semibold">New consumer key</h2>
        <CreateConsumerKeyForm />
      </section>
      <section aria-labelledby="lti11-urls-heading" className="mt-8">
        <h2 id="lti11-urls-heading" className="text-lg font-semibold">What to enter in the LMS</h2>
        <div className="mt-2 grid gap-4">
          <CopyField id="lti11-launch" label="LTI 1.1 launch URL" value={`${base}/lti/1.1/launch`} />
          <CopyField id="lti11-canvas-xml" label="Canvas configuration (XML) URL" value={`${base}/lti/1.1/canvas.xml`} hint="Canvas: Add App → By URL, with the key and secret." />
        </div>
      </section>
    </AdminFrame>
  );
});
