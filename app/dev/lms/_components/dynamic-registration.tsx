"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * The LMS side of Dynamic Registration 1.0 §3.2–3.4: open the tool's registration URL with `openid_configuration`
 * and `registration_token` in a frame, and close it when the tool posts `org.imsglobal.lti.close`.
 */
export function DynamicRegistration({
  defaultToolUrl,
  openidConfigurationUrl,
  registrationToken,
}: {
  defaultToolUrl: string;
  openidConfigurationUrl: string;
  registrationToken: string;
}) {
  const router = useRouter();
  const [toolUrl, setToolUrl] = useState(defaultToolUrl);
  const [frameUrl, setFrameUrl] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  useEffect(() => {
    if (!frameUrl) return;
    const expectedOrigin = new URL(frameUrl).origin;
    function onMessage(event: MessageEvent) {
      // §3.4: only the tool's own origin may close the registration.
      if (event.origin !== expectedOrigin || event.data?.subject !== "org.imsglobal.lti.close") return;
      setFrameUrl(null);
      setStatus("The tool closed the registration window. The tool list below is up to date.");
      router.refresh();
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [frameUrl, router]);

  function start(event: React.FormEvent) {
    event.preventDefault();
    const url = new URL(toolUrl);
    url.searchParams.set("openid_configuration", openidConfigurationUrl);
    url.searchParams.set("registration_token", registrationToken);
    setStatus("");
    setFrameUrl(url.toString());
  }

  return (
    <section aria-labelledby="dr-heading" className="rounded border border-slate-300 bg-white p-4">
      <h2 id="dr-heading" className="text-lg font-semibold">Dynamic Registration</h2>
      <form onSubmit={start} className="mt-3 flex flex-wrap items-end gap-3">
        <label className="block min-w-80 flex-1">
          Tool registration URL
          <input
            type="url"
            required
            value={toolUrl}
            onChange={(e) => setToolUrl(e.target.value)}
            className="mt-1 block w-full rounded border border-slate-400 px-2 py-1"
          />
        </label>
        <button type="submit" className="rounded bg-blue-800 px-3 py-1.5 text-white hover:bg-blue-900">Register the tool</button>
      </form>
      <p className="mt-2 text-sm text-slate-700">
        OpenID configuration: <code>{openidConfigurationUrl}</code>
      </p>
      <p role="status" className="mt-2 text-green-800">{status}</p>
      {frameUrl && (
        <div className="mt-3">
          <iframe title="Tool registration" src={frameUrl} className="h-[480px] w-full rounded border border-slate-400" />
          <button type="button" onClick={() => setFrameUrl(null)} className="mt-2 rounded border border-slate-500 px-3 py-1">Cancel registration</button>
        </div>
      )}
    </section>
  );
}
