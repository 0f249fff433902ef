// Keeps the editor's Python runtime on the device so Run and Check work offline (issue 10, item 17). Registered by
// components/editor/offline-runtime.ts with scope /runtime/: it controls only the Python worker (a dedicated worker
// is matched to a scope by its own URL, Service Workers §Handle Fetch) and sees no page or API request. Every URL
// under /runtime/<hash>/ is versioned and immutable (lib/python-runtime.ts), so a cached copy is always right:
// cache first, network on a miss. Inside an LMS iframe this storage is partitioned by the LMS's site, or refused
// when the browser blocks third-party storage; the page then tells the student (and the HTTP cache still helps).
const CACHE = "lantern-runtime";
const VERSIONED = /^\/runtime\/[0-9a-f]{16}\//;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !VERSIONED.test(url.pathname)) return;
  event.respondWith(cacheFirst(event.request));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// The page sends the runtime's current URLs once Python has loaded (so these fetches are answered by the HTTP
// cache, not downloaded twice): store the missing ones, forget files of older versions, and answer on the port.
self.addEventListener("message", (event) => {
  const { type, urls } = event.data ?? {};
  const port = event.ports[0];
  if (type !== "keep" || !Array.isArray(urls) || !port) return;
  event.waitUntil(
    keep(urls.map((u) => new URL(u, self.location.origin).href)).then(
      () => port.postMessage({ ok: true }),
      (error) => port.postMessage({ ok: false, message: String(error) }),
    ),
  );
});

async function keep(urls) {
  const cache = await caches.open(CACHE);
  const stored = await cache.keys();
  await Promise.all(stored.filter((r) => !urls.includes(r.url)).map((r) => cache.delete(r)));
  const have = new Set(stored.map((r) => r.url));
  for (const url of urls) {
    if (have.has(url)) continue;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${new URL(url).pathname} answered ${response.status}`);
    await cache.put(url, response);
  }
}
