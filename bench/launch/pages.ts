// Issue 14's "pages under load": the student editor page, the course page, an autosave PUT and a bare route
// (/api/health/live), each requested by students who launched earlier, with their own cookie jars, while new users
// launch at 16 concurrent; and the same requests on an otherwise idle server, where the latency is the server's own
// time and the CPU per request can be read off the process. Bench-only.
import { Browser } from "./browser";
import type { BenchPlatform, LaunchPlan, ToolRegistration } from "./platform";
import { cpuSeconds, percentile } from "./proc";

export type ProbeKind = "editor page" | "course page" | "autosave PUT" | "bare route";
export const PROBE_KINDS: ProbeKind[] = ["editor page", "course page", "autosave PUT", "bare route"];

/** A student signed in by a real launch, with the URLs their pages live at and their submission. */
export type Probe = { browser: Browser; editorUrl: URL; courseUrl: URL; filesUrl: URL; saves: number };

type Target = { origin: string; loginUrl: string; registration: ToolRegistration };

/** Launches `count` new students (not measured) and creates each one's submission the way the editor's first save does. */
export async function setUpProbes(target: Target, platform: BenchPlatform, count: number, courses: number): Promise<Probe[]> {
  const probes: Probe[] = [];
  for (let i = 0; i < count; i++) {
    const plan: LaunchPlan = { shape: i % 2 ? "moodle" : "canvas", sub: `probe-${i}`, course: i % courses, instructor: false, name: `Probe ${i}` };
    const browser = new Browser(() => "probe");
    const start = platform.prepare(plan, target.registration, target.loginUrl);
    const page = await browser.navigate("POST", start.url, start.params);
    const m = /\/courses\/([0-9a-f-]{36})\/assignments\/([0-9a-f-]{36})/.exec(page.url);
    if (page.status !== 200 || !m) throw new Error(`probe launch ended at ${page.status} ${page.url}`);
    const created = await browser.request("POST", new URL("/api/submissions", target.origin), JSON.stringify({ courseId: m[1], assignmentId: m[2] }), json(target.origin));
    const submissionId = JSON.parse(created.body)?.submissionId;
    if (created.status !== 200 || typeof submissionId !== "string") throw new Error(`probe submission: ${created.status} ${created.body.slice(0, 200)}`);
    probes.push({
      browser,
      editorUrl: new URL(page.url),
      courseUrl: new URL(`/courses/${m[1]}`, target.origin),
      filesUrl: new URL(`/api/submissions/${submissionId}/files`, target.origin),
      saves: 0,
    });
  }
  return probes;
}

function json(origin: string): Record<string, string> {
  // What the editor's fetch sends: a same-origin JSON call (the handler's CSRF check reads Origin).
  return { accept: "application/json", "content-type": "application/json", origin, "sec-fetch-site": "same-origin" };
}

/** One request of the given kind as that student; returns its latency, or throws on a status other than 200. */
/** Size of the last response of each kind (the page's HTML with its inline RSC payload). */
const lastBytes = new Map<ProbeKind, number>();

async function probeOnce(probe: Probe, kind: ProbeKind, origin: string): Promise<number> {
  let res;
  if (kind === "editor page") res = await probe.browser.request("GET", probe.editorUrl);
  else if (kind === "course page") res = await probe.browser.request("GET", probe.courseUrl);
  else if (kind === "bare route") res = await probe.browser.request("GET", new URL("/api/health/live", origin), undefined, { accept: "application/json" });
  else {
    // Every autosave changes the code, as typing does, so each one stores a new version.
    const n = ++probe.saves;
    const body = { files: [{ name: "main.py", content: `for i in range(10):\n    print(i * ${n})\n` }], clientSavedAt: new Date().toISOString(), kind: "autosave" };
    res = await probe.browser.request("PUT", probe.filesUrl, JSON.stringify(body), json(origin));
  }
  if (res.status !== 200) throw new Error(`${kind} ${res.status}: ${res.body.replace(/\s+/g, " ").slice(0, 200)}`);
  lastBytes.set(kind, Buffer.byteLength(res.body));
  return res.ms;
}

export type SqlCounts = { total: number; byStatement: Record<string, number> };

export type ProbeTimes = Map<ProbeKind, number[]>;

/**
 * Cycles through the kinds, one request at a time (so the probes themselves add little load), rotating students,
 * until `done()` says the launch load has finished.
 */
export async function probeUntil(probes: Probe[], origin: string, done: () => boolean): Promise<{ times: ProbeTimes; errors: string[] }> {
  const times: ProbeTimes = new Map(PROBE_KINDS.map((k) => [k, []]));
  const errors: string[] = [];
  for (let round = 0; !done(); round++) {
    const probe = probes[round % probes.length];
    for (const kind of PROBE_KINDS) {
      try {
        times.get(kind)!.push(await probeOnce(probe, kind, origin));
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
  }
  return { times, errors };
}

/** On an idle server: `rounds` requests of each kind in turn, with the server's CPU per request for each kind. */
export async function probeIdle(probes: Probe[], origin: string, serverPids: number[], rounds: number, sql: () => SqlCounts) {
  const out = new Map<ProbeKind, { times: number[]; cpuMs: number; statements: number; byStatement: [string, number][] }>();
  const settle = () => new Promise((r) => setTimeout(r, 600)); // the server writes its statement counts 4× a second
  for (const kind of PROBE_KINDS) {
    const times: number[] = [];
    await settle();
    const sqlBefore = sql();
    const before = cpuSeconds(serverPids);
    const started = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) times.push(await probeOnce(probes[i % probes.length], kind, origin));
    const cpuMs = ((cpuSeconds(serverPids) - before) * 1000) / rounds;
    await settle();
    const sqlAfter = sql();
    const byStatement = Object.entries(sqlAfter.byStatement)
      .map(([k, v]) => [k, (v - (sqlBefore.byStatement[k] ?? 0)) / rounds] as [string, number])
      .filter(([, v]) => v > 0.001)
      .sort((a, b) => b[1] - a[1]);
    out.set(kind, { times, cpuMs, statements: (sqlAfter.total - sqlBefore.total) / rounds, byStatement });
    // Under LAUNCH_BENCH_CPU_PROF: the window on the monotonic clock (the clock V8's profile timestamps use, in µs),
    // so the server's profile can be cut to one kind of request.
    if (process.env.LAUNCH_BENCH_CPU_PROF) console.log(`      profile window ${kind}: ${started / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
  }
  return out;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** One line per kind: p50/p95/p99 (and CPU per request when measured), plus autosave's p95 against the bare route's. */
export function reportProbes(
  title: string,
  times: Map<ProbeKind, number[]>,
  idle?: Map<ProbeKind, { cpuMs: number; statements: number; byStatement: [string, number][] }>,
): void {
  console.log(`  ${title}:`);
  for (const kind of PROBE_KINDS) {
    const t = times.get(kind) ?? [];
    const measured = idle?.get(kind);
    console.log(
      `      ${kind.padEnd(14)} n ${String(t.length).padStart(5)}  p50 ${ms(percentile(t, 50)).padStart(5)}  p95 ${ms(percentile(t, 95)).padStart(5)}  p99 ${ms(percentile(t, 99)).padStart(5)} ms` +
        (measured ? `  · server CPU ${measured.cpuMs.toFixed(1)} ms · ${measured.statements.toFixed(1)} SQL per request · ${((lastBytes.get(kind) ?? 0) / 1024).toFixed(1)} KB` : ""),
    );
    if (measured && process.env.LAUNCH_BENCH_SQL === "1") {
      for (const [text, n] of measured.byStatement.slice(0, 20)) console.log(`          ${n.toFixed(2).padStart(5)} × ${text}`);
    }
  }
  const save = percentile(times.get("autosave PUT") ?? [], 95);
  const bare = percentile(times.get("bare route") ?? [], 95);
  console.log(`      → autosave PUT p95 is ${(save / bare).toFixed(2)}× the bare route's p95`);
}
