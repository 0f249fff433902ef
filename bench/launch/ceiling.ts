// The ceiling `next start` itself puts on launches: a trivial route (/api/health/live: the handler wrapper, no
// session, no database) under pure load at the launch phases' concurrency. A launch costs Lantern at least two
// requests (the login and the launch POST; today three with the landing page), each at least as dear as this route,
// so this route's requests/s divided by the requests per launch bounds launches/s on this machine from above.
import http from "node:http";
import { cpuSeconds, percentile, processTree } from "./proc";

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url: URL): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", agent, headers: { accept: "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url.pathname} ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

export type Ceiling = { perSecond: number; p50: number; p95: number; cpuMs: number };

/** `count` GETs of /api/health/live from `concurrency` clients at once (after a short warm-up), as fast as they go. */
export async function trivialRouteCeiling(origin: string, serverPid: number, concurrency = 16, count = 6000): Promise<Ceiling> {
  const url = new URL("/api/health/live", origin);
  for (let i = 0; i < 200; i++) await get(url);
  const pids = processTree(serverPid);
  const times: number[] = [];
  let next = 0;
  const cpuBefore = cpuSeconds(pids);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) times.push(await get(url));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = ((cpuSeconds(pids) - cpuBefore) * 1000) / times.length;
  return { perSecond: times.length / seconds, p50: percentile(times, 50), p95: percentile(times, 95), cpuMs };
}

/** What the ceiling means for issue 14's goal of 200 launches/s. */
export function reportCeiling(c: Ceiling, requestsPerLaunch: number): void {
  const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  console.log(
    `  trivial route (/api/health/live), 16 concurrent: ${c.perSecond.toFixed(0)} requests/s · p50 ${ms(c.p50)} / p95 ${ms(c.p95)} ms · server CPU ${c.cpuMs.toFixed(2)} ms per request`,
  );
  for (const n of [2, requestsPerLaunch]) {
    console.log(`      → at ${n} Lantern requests per launch, each no dearer than this route: at most ${(c.perSecond / n).toFixed(0)} launches/s (goal 200)`);
  }
}
