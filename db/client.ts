import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { neonConfig as NeonConfig } from "@neondatabase/serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { databaseDriver, env, type Env } from "@/lib/env";
import { log } from "@/lib/log";
import { deferredDatabase } from "./deferred";
import { installQueryErrorSanitizer } from "./errors";
import { claimPgliteDirectory } from "./pglite-lock";
import { countPgStatements } from "./sql-stats";
import * as schema from "./schema";

installQueryErrorSanitizer();

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pglite" | "neon" | "pg";

/** A live database: the Drizzle client, which driver serves it, and how to close it. */
export type DatabaseHandle = {
  db: Database;
  driver: Driver;
  close: () => Promise<void>;
  /** Set for PGlite only: the embedded instance (once its module has loaded), e.g. for dumping a test template. */
  pglite?: Promise<PGlite>;
};

export type ConnectOptions = {
  driver: Driver;
  url?: string;
  pgliteDir?: string;
  /** For PGlite: start from a dumped data directory (test templates). */
  pgliteLoad?: Blob;
  neonWsProxy?: string;
  /** Most connections this handle opens (DB_POOL_MAX); further queries wait for a free one. */
  poolMax?: number;
  /** Shown in pg_stat_activity, so each process's connections can be counted against its budget. */
  applicationName?: string;
  /**
   * Settings each new connection of a pg or Neon pool starts with (SET, before its first query), for processes
   * with one kind of work: the export worker's generic plans (scripts/export-worker.ts). Names and values are ours.
   */
  sessionSettings?: Record<string, string>;
  /** Bench-only: count the pg driver's statements into this file (db/sql-stats.ts). */
  sqlStatsFile?: string;
  /** Test-only: called with each statement's SQL as Drizzle sends it, on every driver (withTestDatabase's counter). */
  onStatement?: (sql: string) => void;
};

const drizzleConfig = ({ onStatement }: ConnectOptions) =>
  ({ schema, casing: "snake_case", logger: onStatement ? { logQuery: (query: string) => onStatement(query) } : false }) as const;

/**
 * Opens a database with the given driver. Callers own the handle; the app uses `getDatabase()` instead.
 *
 * Only the pg driver is imported up front (production's). PGlite and Neon's driver are imported when chosen, so a
 * process on PostgreSQL never loads them (PGlite alone was ~40 MB of RSS under tsx): their handle's database is
 * usable at once and runs its first queries when the driver has loaded (db/deferred.ts).
 */
export function connectDatabase(options: ConnectOptions): DatabaseHandle {
  for (const [name, value] of Object.entries(options.sessionSettings ?? {})) {
    // Sent as SQL text on each connection: plain identifiers and words only.
    if (!/^[a-z_]+$/.test(name) || !/^[a-z0-9_]+$/.test(value)) throw new Error(`not a session setting: ${JSON.stringify(name)} = ${JSON.stringify(value)}`);
  }
  switch (options.driver) {
    case "pglite": {
      const dir = options.pgliteDir ?? "memory://";
      if (!dir.startsWith("memory://")) {
        mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dir)), { recursive: true });
        claimPgliteDirectory(path.resolve(/*turbopackIgnore: true*/ dir));
      }
      const opened = openPglite(dir, options);
      const client = opened.then((loaded) => loaded.client);
      client.catch(() => {}); // Not an unhandled rejection: the database's queries report it.
      return {
        db: deferredDatabase(opened.then(({ db }) => db), drizzleConfig(options)),
        driver: "pglite",
        pglite: client,
        close: async () => {
          const loaded = await opened.catch(() => null);
          await loaded?.client.close();
        },
      };
    }
    case "pg": {
      if (options.sqlStatsFile) countPgStatements(options.sqlStatsFile);
      const pool = new pg.Pool({
        connectionString: requireUrl(options),
        max: options.poolMax ?? 10,
        application_name: options.applicationName ?? "lantern",
        onConnect: (client: SessionClient) => applySessionSettings(client, options.sessionSettings),
      });
      pool.on("error", onIdleClientError);
      pool.on("connect", (client) => client.on("error", onCheckedOutClientError));
      const db = drizzlePg({ client: pool, ...drizzleConfig(options) }) as unknown as Database;
      return { db, driver: "pg", close: () => pool.end() };
    }
    case "neon": {
      const url = requireUrl(options);
      const opened = openNeon(url, options);
      return {
        db: deferredDatabase(opened.then(({ db }) => db), drizzleConfig(options)),
        driver: "neon",
        close: async () => {
          const loaded = await opened.catch(() => null);
          await loaded?.pool.end();
        },
      };
    }
  }
}

async function openPglite(dir: string, options: ConnectOptions): Promise<{ client: PGlite; db: Database }> {
  const [{ PGlite }, { drizzle }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const client = new PGlite({
    dataDir: dir.startsWith("memory://") ? undefined : dir,
    loadDataDir: options.pgliteLoad,
  });
  return { client, db: drizzle({ client, ...drizzleConfig(options) }) as unknown as Database };
}

async function openNeon(url: string, options: ConnectOptions): Promise<{ pool: { end: () => Promise<void> }; db: Database }> {
  const [{ Pool, neonConfig }, { drizzle }, { default: ws }] = await Promise.all([
    import("@neondatabase/serverless"),
    import("drizzle-orm/neon-serverless"),
    import("ws"),
  ]);
  configureNeon(neonConfig, ws, options.neonWsProxy);
  // The driver bundles pg-pool 3.x, onConnect included, though its types leave the option out.
  const config = {
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? "lantern",
    onConnect: (client: SessionClient) => applySessionSettings(client, options.sessionSettings),
  };
  const pool = new Pool(config);
  pool.on("error", onIdleClientError);
  pool.on("connect", (client: { on: (event: "error", listener: (error: Error) => void) => unknown }) => client.on("error", onCheckedOutClientError));
  return { pool, db: drizzle({ client: pool, ...drizzleConfig(options) }) as unknown as Database };
}

// An idle pooled connection that the server closes (restart, failover, admin terminate) emits "error" on the pool;
// unhandled, Node would crash the whole process. The pool replaces the connection on next use.
type SessionClient = { query: (text: string) => Promise<unknown> };

/**
 * SETs a new connection's session settings: the pool's onConnect hook, which the pool awaits before handing the
 * connection out. A failed SET leaves the server's default (slower, not wrong), so it is logged, not thrown.
 */
async function applySessionSettings(client: SessionClient, settings: Record<string, string> | undefined): Promise<void> {
  for (const [name, value] of Object.entries(settings ?? {})) {
    await client.query(`set ${name} = ${value}`).catch((error: Error) => log.warn("could not apply a session setting", { name, error: error.message }));
  }
}

function onIdleClientError(error: Error): void {
  log.warn("idle database connection closed", { error: error.message });
}

// A connection that fails while checked out (inside a transaction, between its queries) emits "error" on the client,
// not the pool; with no listener that is an uncaughtException. The transaction's next query rejects with the cause and
// the pool discards the broken client on release, so logging is all that is left to do here.
function onCheckedOutClientError(error: Error): void {
  log.warn("database connection failed while in use", { error: error.message, code: (error as { code?: string }).code });
}

function requireUrl(options: ConnectOptions): string {
  if (!options.url) throw new Error(`DATABASE_URL is required for the ${options.driver} driver`);
  return options.url;
}

function configureNeon(neonConfig: typeof NeonConfig, ws: typeof NeonConfig.webSocketConstructor, wsProxy: string | undefined) {
  // Node 20 has no global WebSocket; Neon's driver needs one.
  neonConfig.webSocketConstructor = ws;
  if (wsProxy) {
    // Test-only: reach a plain Postgres through a local WebSocket→TCP bridge. Pipelining must be off or SCRAM
    // authentication fails with "invalid SASL mechanism".
    neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
}

/**
 * Connection options derived from validated settings. `purpose: "migrate"` uses DATABASE_URL_DIRECT when set: Neon's
 * pooled host is PgBouncer in transaction mode (https://neon.com/docs/connect/connection-pooling), fine for the app
 * but not for migrations, which Neon says to run over the direct connection.
 */
export function connectOptionsFromEnv(e: Env = env(), { purpose = "app" }: { purpose?: "app" | "migrate" } = {}): ConnectOptions {
  const url = purpose === "migrate" ? (e.DATABASE_URL_DIRECT ?? e.DATABASE_URL) : e.DATABASE_URL;
  return {
    driver: databaseDriver({ ...e, DATABASE_URL: url }),
    url,
    pgliteDir: e.PGLITE_DIR,
    neonWsProxy: e.NEON_WS_PROXY,
    poolMax: e.DB_POOL_MAX,
    sqlStatsFile: e.BENCH_SQL_STATS_FILE,
  };
}

// One handle per process. PGlite has no cross-process (or cross-instance) lock, so a second instance on the same
// directory would silently lose data; the handle lives on globalThis so Next's module reloads reuse it.
const holder = globalThis as unknown as { __lanternDb?: DatabaseHandle };

/** The process-wide database, created lazily on first use (never at import time: `next build` imports routes). */
export function getDatabase(): DatabaseHandle {
  holder.__lanternDb ??= connectDatabase(connectOptionsFromEnv());
  return holder.__lanternDb;
}

/** Replaces the process-wide database (tests and scripts that manage their own handle). */
export function setDatabase(handle: DatabaseHandle | undefined): void {
  holder.__lanternDb = handle;
}
