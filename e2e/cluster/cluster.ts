// Global setup of the multi-instance test (playwright.cluster.config.ts): one PostgreSQL database, one S3-protocol
// server (s3rver), two `next start` web instances and one `npm run grader`, with a round-robin proxy in front.
// A small control server lets the spec stop and start processes mid-run. Everything started is torn down at the end,
// and also when setup itself fails part-way (then the tail of each process's log is printed first); the temporary
// directory with the logs goes too unless CLUSTER_KEEP_DIR=1.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { adminQuery, databaseUrl } from "../../db/testing/postgres";
import { startTestS3Server } from "../../lib/storage/testing/s3-server";
import { startPgBouncer } from "./pgbouncer";
import { startRoundRobinProxy, type Backend } from "./proxy";
import { CLUSTER_PORTS, TOOL_ORIGIN } from "./ports";

const ROOT = path.resolve(import.meta.dirname, "../..");

type Managed = { name: string; child: ChildProcess };

export default async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-cluster-"));
  // What to undo, in reverse order of creation; run once, at teardown or when setup fails.
  const undo: { what: string; run: () => unknown }[] = [];
  let tornDown = false;
  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`cluster teardown: ${step.what} failed: ${(error as Error).message}`);
      }
    }
  };
  undo.push({ what: "remove the temporary directory", run: () => process.env.CLUSTER_KEEP_DIR === "1" || rmSync(dir, { recursive: true, force: true }) });
  try {
    await startCluster(dir, undo);
    return teardown;
  } catch (error) {
    printLogTails(dir);
    await teardown();
    throw error;
  }
}

async function startCluster(dir: string, undo: { what: string; run: () => unknown }[]): Promise<void> {
  const dbName = `lantern_cluster_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${dbName}`);
  undo.push({ what: `drop database ${dbName}`, run: () => adminQuery(`drop database if exists ${dbName} with (force)`) });
  const url = databaseUrl(dbName);
  const migrated = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "db", "migrate-cli.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir, APP_ENV: "test" },
    encoding: "utf8",
  });
  if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stderr}`);
  const s3 = await startTestS3Server({ bucket: "lantern-cluster" });
  undo.push({ what: "stop s3rver", run: () => s3.stop() });
  // web-b and the graders reach the database through PgBouncer in transaction mode (what Neon's pooled host is);
  // web-a connects directly. Lantern must work both ways at once.
  const pgbouncer = await startPgBouncer({ dir, port: CLUSTER_PORTS.pgbouncer });
  undo.push({ what: "stop pgbouncer", run: () => stopGroup(pgbouncer, "SIGTERM") });
  const pooled = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${CLUSTER_PORTS.pgbouncer}/${dbName}`,
    // PgBouncer 1.18 (Debian 12) keeps no named statements across server connections. Not detectable from this URL
    // (no -pooler host, not port 6432), so set as a deployment behind such a PgBouncer must set it.
    DB_PREPARED_STATEMENTS: "0",
  };

  // What every instance shares (and a real deployment shares): database, bucket and secrets; each has its own disk.
  const shared: Record<string, string> = {
    APP_ENV: "test",
    ENABLE_TEST_LOGIN: "1",
    APP_URL: TOOL_ORIGIN,
    DATABASE_URL: url,
    DB_POOL_MAX: "4",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    KEY_ENCRYPTION_SECRET: randomBytes(32).toString("base64url"),
    STORAGE_URL: "s3://lantern-cluster/prod",
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "1",
    GRADER_MODE: "external",
    // Long enough for the proxy's readiness checks (every 0.5 s) to take a draining instance out of rotation.
    SHUTDOWN_DRAIN_SECONDS: "4",
    LOG_LEVEL: "warn",
  };
  const managed = new Map<string, Managed>();
  undo.push({
    what: "kill the web instances and graders",
    run: async () => {
      for (const m of managed.values()) stopGroup(m.child, "SIGKILL");
      await Promise.all([...managed.values()].map((m) => exited(m.child)));
    },
  });
  const launch = (name: string, command: string, args: string[], extra: Record<string, string> = {}) => {
    const log = openSync(path.join(dir, `${name}.log`), "a");
    const child = spawn(command, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, ...shared, DATA_DIR: mkdtempSync(path.join(dir, `${name}-`)), ...extra },
    });
    managed.set(name, { name, child });
    return child;
  };
  const signal = (name: string, sig: NodeJS.Signals) => {
    const m = managed.get(name);
    return !!m && m.child.exitCode === null && m.child.signalCode === null && stopGroup(m.child, sig);
  };
  const webs: Record<string, { port: number; extra: Record<string, string> }> = {
    "web-a": { port: CLUSTER_PORTS.webA, extra: {} },
    "web-b": { port: CLUSTER_PORTS.webB, extra: pooled },
  };
  const startWeb = async (name: string) => {
    const { port, extra } = webs[name];
    launch(name, path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port)], extra);
    await waitForHealth(port, managed.get(name)!);
  };
  const startGrader = (name: string) =>
    launch(name, process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(ROOT, "scripts", "grader.ts")], {
      ...pooled,
      GRADER_CONCURRENCY: "2",
      LOG_LEVEL: "info",
    });

  // Both web instances start at once on the same database, as after a deploy.
  await Promise.all([startWeb("web-a"), startWeb("web-b")]);
  startGrader("grader-1");

  const backends: Backend[] = Object.entries(webs).map(([name, { port }]) => ({ name, port, down: false }));
  const proxy = await startRoundRobinProxy({ port: CLUSTER_PORTS.proxy, backends });
  undo.push({
    what: "close the proxy",
    run: async () => {
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      proxy.closeAllConnections();
      await closed;
    },
  });

  // Control API for the spec (loopback only): signal a process, start a web instance or another grader, see a
  // process's exit and what the proxy spread and believes.
  let graders = 1;
  const control = http.createServer((req, res) => {
    const [, verb, name] = (req.url ?? "").split("/");
    const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "POST" && verb === "kill" && name) return reply(signal(name, "SIGKILL") ? 200 : 404, { killed: name });
    if (req.method === "POST" && verb === "term" && name) return reply(signal(name, "SIGTERM") ? 200 : 404, { terminated: name });
    if (req.method === "POST" && verb === "start-grader") return reply(200, { started: startGrader(`grader-${++graders}`).pid });
    if (req.method === "POST" && verb === "start-web" && name in webs) {
      return void startWeb(name).then(
        () => reply(200, { started: name }),
        (error: Error) => reply(500, { error: error.message }),
      );
    }
    if (req.method === "GET" && verb === "status" && managed.has(name)) {
      const { child } = managed.get(name)!;
      return reply(200, { running: child.exitCode === null && child.signalCode === null, exitCode: child.exitCode, signal: child.signalCode });
    }
    if (req.method === "GET" && verb === "served") return reply(200, Object.fromEntries(proxy.served));
    if (req.method === "GET" && verb === "backends") return reply(200, Object.fromEntries(backends.map((b) => [b.name, b.down ? "down" : "up"])));
    reply(404, { error: "unknown control call" });
  });
  await new Promise<void>((resolve, reject) => control.once("error", reject).listen(CLUSTER_PORTS.control, "127.0.0.1", resolve));
  undo.push({ what: "close the control server", run: () => new Promise<void>((resolve) => control.close(() => resolve())) });
  process.env.CLUSTER_DATABASE_URL = url;
  process.env.CLUSTER_POOLED_DATABASE_URL = pooled.DATABASE_URL;
  process.env.CLUSTER_LOG_DIR = dir;
  process.env.CLUSTER_S3_ENDPOINT = s3.endpoint;
  process.env.CLUSTER_KEY_SECRET = shared.KEY_ENCRYPTION_SECRET;
}

/** Signals a detached child's whole process group (next start and tsx start children of their own). */
function stopGroup(child: ChildProcess, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-child.pid!, sig);
    return true;
  } catch {
    return false; // already gone
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** What a failed setup leaves to read: the last lines of each process's log. */
function printLogTails(dir: string): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".log"))) {
    const tail = readFileSync(path.join(dir, file), "utf8").trimEnd().split("\n").slice(-30).join("\n");
    console.error(`--- ${file} (last lines) ---\n${tail}`);
  }
}

async function waitForHealth(port: number, m: Managed): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (m.child.exitCode !== null || m.child.signalCode !== null) throw new Error(`${m.name} exited with ${m.child.exitCode ?? m.child.signalCode} (see its log)`);
    try {
      const res = await fetch(`http://localhost:${port}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${m.name} did not come up`);
}
