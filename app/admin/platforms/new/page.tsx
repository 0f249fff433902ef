import { page } from "@/lib/auth/page";
import { AdminFrame } from "../../_components/admin-frame";
import { registerPlatformAction } from "../actions";
import { PlatformForm } from "../_components/platform-form";
import { InstallUrls } from "../_components/install-urls";

export const dynamic = "force-dynamic";

/** Manual LTI 1.3 registration: the values the LMS shows for Lantern, typed in (the same fields as the CLI). */
export default page({ access: { siteRoles: ["admin"] } }, async () => (
  <AdminFrame current="/admin/platforms" title="Register a platform" parent={{ href: "/admin/platforms", label: "LMS platforms" }}>
    <p className="mt-2 max-w-2xl text-slate-700">
      First add Lantern in your LMS with the URLs below; the LMS then shows the values this form asks for.
    </p>
    <PlatformForm action={registerPlatformAction} />
    <InstallUrls />
  </AdminFrame>
));
