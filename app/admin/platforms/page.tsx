import Link from "next/link";
import { z } from "zod";
import { primaryButton } from "@/components/form-controls";
import { page } from "@/lib/auth/page";
import { selectPlatformOverviews } from "@/lib/models/platform-overview";
import { AdminFrame } from "../_components/admin-frame";
import { InstallUrls } from "./_components/install-urls";
import { ToolKeys } from "./_components/tool-keys";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

/** Registered LTI 1.3 platforms with status, deployments and last launch; how to install Lantern; signing keys. */
export default page(
  { access: { siteRoles: ["admin"] }, searchParams: z.object({ removed: z.string().optional().catch(undefined) }) },
  async ({ authz, searchParams }) => {
    const platforms = await selectPlatformOverviews({ authz });
    return (
      <AdminFrame current="/admin/platforms" title="LMS platforms">
        {searchParams.removed && (
          <p role="status" className="mt-4 rounded border border-green-700 bg-green-50 p-2">
            The platform was removed.
          </p>
        )}
        <p className="mt-4">
          <Link href="/admin/platforms/new" className={`inline-block ${primaryButton}`}>
            Register a platform manually
          </Link>
        </p>
        {platforms.length === 0 ? (
          <p className="mt-4 text-slate-700">No LMS is registered yet. Register one below, or paste the Dynamic Registration URL into your LMS.</p>
        ) : (
          <div className="mt-4 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Registered platforms">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Registered LTI 1.3 platforms</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">Name</th>
                  <th scope="col" className="py-2 pr-3">Issuer</th>
                  <th scope="col" className="py-2 pr-3">Client id</th>
                  <th scope="col" className="py-2 pr-3">Deployments</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 pr-3">Last launch</th>
                  <th scope="col" className="py-2">Courses</th>
                </tr>
              </thead>
              <tbody>
                {platforms.map(({ platform: p, deploymentIds, lastLaunchAt, courseCount }) => (
                  <tr key={p.id} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-3">
                      <Link href={`/admin/platforms/${p.id}`} className="text-lantern-700 underline">
                        {p.name}
                      </Link>
                      <span className="block text-xs text-slate-600">{p.registeredVia === "dynamic" ? "Dynamic Registration" : "manual"}</span>
                    </td>
                    <td className="py-2 pr-3 break-all">{p.issuer}</td>
                    <td className="py-2 pr-3 font-mono break-all">{p.clientId}</td>
                    <td className="py-2 pr-3 font-mono break-all">{deploymentIds.join(", ") || <span className="font-sans text-red-800">none: launches are refused</span>}</td>
                    <td className="py-2 pr-3">{p.active ? "active" : "inactive"}</td>
                    <td className="py-2 pr-3">{day(lastLaunchAt)}</td>
                    <td className="py-2">{courseCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="mt-4 text-sm">
          LTI 1.1 LMSs connect with a consumer key instead:{" "}
          <Link href="/admin/consumer-keys" className="text-lantern-700 underline">
            LTI 1.1 consumer keys
          </Link>
          .
        </p>
        <InstallUrls />
        <ToolKeys />
      </AdminFrame>
    );
  },
);
