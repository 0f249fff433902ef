import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import ws from "ws";
import { databaseDriver, env, type Env } from "@/lib/env";
import { log } from "@/lib/log";
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
  /** Set for PGlite only: the embedded instance, e.g. for dumping a test template. */
  pglite?: PGlite;
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
  /** Bench-only: count the pg driver's statements into this file (db/sql-stats.ts). */
  sqlStatsFile?: string;
  /** Test-only: called with each statement's SQL as Drizzle sends it, on every driver (withTestDatabase's counter). */
  onStatement?: (sql: string) => void;
};

const drizzleConfig = ({ onStatement }: ConnectOptions) =>
  ({ schema, casing: "snake_case", logger: onStatement ? { logQuery: (query: string) => onStatement(query) } : false }) as const;

/** Opens a database with the given driver. Callers own the handle; the app uses `getDatabase()` instead. */
export function connectDatabase(options: ConnectOptions): DatabaseHandle {
  switch (options.driver) {
    case "pglite": {
      const dir = options.pgliteDir ?? "memory://";
      if (!dir.startsWith("memory://")) {
        mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dir)), { recursive: true });
        claimPgliteDirectory(path.resolve(/*turbopackIgnore: true*/ dir));
      }
      const client = new PGlite({
        dataDir: dir.startsWith("memory://") ? undefined : dir,
        loadDataDir: options.pgliteLoad,
      });
      const db = drizzlePglite({ client, ...drizzleConfig(options) }) as unknown as Database;
      return { db, driver: "pglite", pglite: client, close: () => client.close() };
    }
    case "pg": {
      if (options.sqlStatsFile) countPgStatements(options.sqlStatsFile);
      const pool = new pg.Pool({ connectionString: requireUrl(options), max: options.poolMax ?? 10, application_name: options.applicationName ?? "lantern" });
      pool.on("error", onIdleClientError);
      pool.on("connect", (client) => client.on("error", onCheckedOutClientError));
      const db = drizzlePg({ client: pool, ...drizzleConfig(options) }) as unknown as Database;
      return { db, driver: "pg", close: () => pool.end() };
    }
    case "neon": {
      configureNeon(options.neonWsProxy);
      const pool = new NeonPool({ connectionString: requireUrl(options), max: options.poolMax ?? 10, application_name: options.applicationName ?? "lantern" });
      pool.on("error", onIdleClientError);
      pool.on("connect", (client: { on: (event: "error", listener: (error: Error) => void) => unknown }) => client.on("error", onCheckedOutClientError));
      const db = drizzleNeon({ client: pool, ...drizzleConfig(options) }) as unknown as Database;
      return { db, driver: "neon", close: () => pool.end() };
    }
  }
}

// An idle pooled connection that the server closes (restart, failover, admin terminate) emits "error" on the pool;
// unhandled, Node would crash the whole process. The pool replaces the connection on next use.
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

function configureNeon(wsProxy: string | undefined) {
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
