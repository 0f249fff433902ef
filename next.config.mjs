/** @type {import('next').NextConfig} */
const nextConfig = {
  // ltijs loads templates from its own folder and pulls in express/mongoose; PGlite ships WASM it finds on disk;
  // Pyodide loads its runtime files by path. All three must stay plain Node modules, not bundled.
  serverExternalPackages: ["ltijs", "@electric-sql/pglite", "pyodide"],
  poweredByHeader: false,
  // `next dev` refuses its dev resources (HMR, and so hydration) to pages opened under another host than localhost.
  // The dev LMS is opened at 127.0.0.1 on purpose (a different site from Lantern's localhost: real third-party
  // cookies, lib/dev-lms/README.md), and its buttons need their scripts. Development only; production ignores it.
  allowedDevOrigins: ["127.0.0.1"],
  // Server actions carry whole assignments (files, tests, solution) and course content zips (lib/content/zip.ts
  // limits those to 20 MiB); Next's default of 1 MB would refuse them before our own limits could answer. Next has
  // one limit for every action and answers a larger body with a 500, so proxy.ts refuses oversized posts with a 413
  // first: 1 MB except on the staff upload pages (lib/server-action-limit.ts). The proxy buffers request bodies up
  // to proxyClientMaxBodySize (default 10 MB) and would cut a larger upload short, so it gets the same 21 MB.
  //
  // preloadEntriesOnStart: `next start` would load every route's code at start-up (admin, exports, the dev LMS, …);
  // loading each on its first request keeps what a web process never serves out of its heap. V8 grows the old
  // generation to a multiple of the live heap under load, so every MB of code kept live costs several MB of RSS
  // (issue 14: steady RSS ≤ 300 MB). The first request to each route pays its load once.
  experimental: { serverActions: { bodySizeLimit: "21mb" }, proxyClientMaxBodySize: "21mb", preloadEntriesOnStart: false },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Lantern lives inside LMS iframes, so framing stays allowed (no X-Frame-Options);
          // everything else gets the usual hardening.
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
