// Asks the runtime service worker (public/lantern-runtime-sw.js) to keep the editor's Python on this device, so Run
// works offline after Stop, a time limit or a new worker. Inside an LMS iframe, browsers that block third-party
// storage refuse the registration (Chrome with third-party cookies blocked, private windows); the editor then says
// that Run may need a connection, rather than failing later without a reason.

export type OfflineRuntime = "stored" | "unavailable";

const SCRIPT = "/lantern-runtime-sw.js";
const SCOPE = "/runtime/";

function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  const worker = registration.active ?? registration.waiting ?? registration.installing;
  if (!worker) return Promise.reject(new Error("no service worker"));
  if (worker.state === "activated") return Promise.resolve(worker);
  return new Promise((resolve, reject) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve(worker);
      if (worker.state === "redundant") reject(new Error("the service worker was replaced"));
    });
  });
}

/** Registers the service worker and has it store `urls` (dropping older versions); never throws. */
export async function keepRuntimeOffline(urls: string[]): Promise<OfflineRuntime> {
  try {
    if (!("serviceWorker" in navigator) || !("caches" in window)) return "unavailable";
    // The page itself is outside the scope: navigator.serviceWorker.ready would never resolve here.
    const worker = await activated(await navigator.serviceWorker.register(SCRIPT, { scope: SCOPE }));
    const answer = await new Promise<{ ok: boolean }>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(e.data);
      worker.postMessage({ type: "keep", urls }, [channel.port2]);
    });
    return answer.ok ? "stored" : "unavailable";
  } catch {
    return "unavailable";
  }
}
