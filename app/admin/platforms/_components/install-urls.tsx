import { toolUrls } from "@/lib/lti/tool-config";
import { CopyField } from "../../_components/copy-field";

/** What an LMS admin pastes into their LMS to install Lantern (Dynamic Registration, Canvas JSON, manual fields). */
export function InstallUrls() {
  const urls = toolUrls();
  return (
    <section aria-labelledby="install-heading" className="mt-8">
      <h2 id="install-heading" className="text-lg font-semibold">Install Lantern in an LMS</h2>
      <div className="mt-2 grid gap-4">
        <CopyField
          id="url-register"
          label="Dynamic Registration URL"
          value={urls.register}
          hint="Moodle, Brightspace, Canvas (LTI 1.3 Dynamic Registration): paste this and the platform registers itself."
        />
        <CopyField id="url-canvas-json" label="Canvas developer key JSON URL" value={urls.canvasJson} hint="Canvas: Developer Keys → + LTI Key → Method: Enter URL." />
        <CopyField id="url-login" label="Login initiation URL" value={urls.login} hint="For manual registration in the LMS." />
        <CopyField id="url-launch" label="Redirect (launch) URL" value={urls.launch} />
        <CopyField id="url-jwks" label="Tool public keyset (JWKS) URL" value={urls.jwks} />
      </div>
    </section>
  );
}
