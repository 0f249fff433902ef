// Global setup of the multi-instance test (playwright.cluster.config.ts): one PostgreSQL database, one S3-protocol
// server (s3rver), two `next start` web instances and one `npm run grader`, with a round-robin proxy in front.
// A small control server lets the spec kill and start processes mid-run. Everything is torn down at the end.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync } from "node:fs";
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
  const dbName = `lantern_cluster_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${dbName}`);
  const url = databaseUrl(dbName);
  const migrated = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "db", "migrate-cli.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir, APP_ENV: "test" },
    encoding: "utf8",
  });
  if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stderr}`);
  const s3 = await startTestS3Server({ bucket: "lantern-cluster" });
  // web-b and the graders reach the database through PgBouncer in transaction mode (what Neon's pooled host is);
  // web-a connects directly. Lantern must work both ways at once.
  const pgbouncer = await startPgBouncer({ dir, port: CLUSTER_PORTS.pgbouncer });
  const pooled = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${CLUSTER_PORTS.pgbouncer}/${dbName}`,
    // PgBouncer 1.18 (Debian 12) keeps no named statements across server connections.
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
    LOG_LEVEL: "warn",
  };
  const managed = new Map<string, Managed>();
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
  const kill = (name: string, signal: NodeJS.Signals = "SIGKILL") => {
    const m = managed.get(name);
    if (!m || m.child.exitCode !== null) return false;
    try {
      process.kill(-m.child.pid!, signal);
    } catch {
      return false;
    }
    return true;
  };
  const startWeb = (name: string, port: number, extra: Record<string, string> = {}) =>
    launch(name, path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port)], extra);
  const startGrader = (name: string) =>
    launch(name, process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(ROOT, "scripts", "grader.ts")], {
      ...pooled,
      GRADER_CONCURRENCY: "2",
      LOG_LEVEL: "info",
    });

  // Both web instances start at once on the same database, as after a deploy.
  startWeb("web-a", CLUSTER_PORTS.webA);
  startWeb("web-b", CLUSTER_PORTS.webB, pooled);
  await Promise.all([waitForHealth(CLUSTER_PORTS.webA, managed.get("web-a")!), waitForHealth(CLUSTER_PORTS.webB, managed.get("web-b")!)]);
  startGrader("grader-1");

  const backends: Backend[] = [
    { name: "web-a", port: CLUSTER_PORTS.webA, down: false },
    { name: "web-b", port: CLUSTER_PORTS.webB, down: false },
  ];
  const proxy = await startRoundRobinProxy({ port: CLUSTER_PORTS.proxy, backends });

  // Control API for the spec (loopback only): kill a process, start another grader, see what the proxy spread.
  let graders = 1;
  const control = http.createServer((req, res) => {
    const [, verb, name] = (req.url ?? "").split("/");
    const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "POST" && verb === "kill" && name) return reply(kill(name) ? 200 : 404, { killed: name });
    if (req.method === "POST" && verb === "start-grader") return reply(200, { started: startGrader(`grader-${++graders}`).pid });
    if (req.method === "GET" && verb === "served") return reply(200, Object.fromEntries(proxy.served));
    reply(404, { error: "unknown control call" });
  });
  await new Promise<void>((resolve) => control.listen(CLUSTER_PORTS.control, "127.0.0.1", resolve));
  process.env.CLUSTER_DATABASE_URL = url;
  process.env.CLUSTER_LOG_DIR = dir;
  process.env.CLUSTER_S3_ENDPOINT = s3.endpoint;
  process.env.CLUSTER_KEY_SECRET = shared.KEY_ENCRYPTION_SECRET;

  return async () => {
    for (const name of managed.keys()) kill(name, "SIGKILL");
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => control.close(() => resolve()));
    await s3.stop();
    try {
      process.kill(-pgbouncer.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await adminQuery(`drop database if exists ${dbName} with (force)`).catch(() => {});
  };
}

async function waitForHealth(port: number, m: Managed): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (m.child.exitCode !== null) throw new Error(`${m.name} exited with ${m.child.exitCode} (see its log in the cluster directory)`);
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
