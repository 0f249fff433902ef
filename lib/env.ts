import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting Lantern reads, validated in one place. Nothing else reads `process.env`.
 * The README's configuration table mirrors this schema; keep them together.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const flag = z
  .string()
  .optional()
  .transform((v) => v === "1" || v === "true");

const schema = z.object({
  APP_ENV: z.enum(["development", "test", "production"]),
  APP_URL: z.url().transform((u) => u.replace(/\/+$/, "")),
  /** The port this server listens on (set by Next once listening); APP_URL's default outside production. */
  PORT: z.coerce.number().int().min(1).max(65535),
  DATA_DIR: z.string().min(1),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  /**
   * A direct (unpooled) connection for migrations: through Neon's `-pooler` host or any PgBouncer in transaction
   * mode, drizzle's migrator would run its DDL across pooled server connections. Unset: DATABASE_URL.
   */
  DATABASE_URL_DIRECT: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  DATABASE_DRIVER: optionalString.pipe(z.enum(["pglite", "neon", "pg"]).optional()),
  PGLITE_DIR: z.string().min(1),
  STORAGE_DIR: z.string().min(1),
  /** `s3://bucket[/prefix]`: store files in an S3-compatible bucket instead of STORAGE_DIR (lib/storage/s3.ts). */
  STORAGE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "must look like s3://bucket or s3://bucket/prefix")
      .optional(),
  ),
  /** S3 API endpoint for R2, MinIO and other S3-compatible services; unset for AWS. */
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_REGION: z.string().min(1),
  /** Unset: the AWS SDK's own credential chain (AWS_ACCESS_KEY_ID…, instance or task roles). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Bucket in the URL path instead of the host name (MinIO and most self-hosted servers). */
  S3_FORCE_PATH_STYLE: flag,
  /**
   * With S3 storage, a download of at least this many bytes (exports, nbgrader fetch and collect) answers with a
   * redirect to a short-lived signed bucket URL instead of streaming through this instance; `off`: never.
   */
  SIGNED_DOWNLOAD_MIN_BYTES: z
    .string()
    .regex(/^(off|\d+)$/, "must be a number of bytes or off")
    .transform((v) => (v === "off" ? null : Number(v))),
  EXPORT_TTL_HOURS: z.coerce.number().min(1).max(24 * 90),
  /**
   * Where exports are built: `process`, a child process at the lowest CPU priority with its own heap (the web
   * process keeps its memory and its cores); `inline`, inside the process that runs the job (a host that cannot
   * start processes). The embedded PGlite database is always inline: only one process may open it.
   */
  EXPORT_WORKER: z.enum(["process", "inline"]),
  /**
   * Threads a ProgSnap2 build in the export worker splits into (lib/exports/progsnap2/build.ts). `auto`: 2 on a
   * machine with 4 or more cores, else 1 — on 2 cores shared with PostgreSQL a second thread only adds memory (the
   * build is CPU-bound and Postgres takes the other core; issue 15's bench).
   */
  EXPORT_THREADS: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(8)]),
  NEON_WS_PROXY: optionalString,
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100),
  /**
   * Named (protocol-level) prepared statements on the launch path (db/prepared.ts). `0` for a PgBouncer in
   * transaction mode older than 1.21 or without `max_prepared_statements`, where a named statement prepared on one
   * server connection is missing on the next. Unset: chosen from DATABASE_URL (`namedPreparedStatements`).
   */
  DB_PREPARED_STATEMENTS: optionalString.transform((v) => (v === undefined ? undefined : v === "1" || v === "true")),
  /**
   * Seconds between SIGTERM and closing the server, during which readiness answers 503 while every request is still
   * served (lib/server/shutdown.ts): at least the load balancer's check interval × its unhealthy threshold.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(600),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  KEY_ENCRYPTION_SECRET: z.string().min(32, "must be at least 32 characters"),
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalString.pipe(z.url().optional()),
  MAIL_FROM: z.string().min(3),
  /** Comma-separated addresses that become site admins when they first ask for a sign-in link. */
  ADMIN_EMAILS: optionalString.transform((v) =>
    (v ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean),
  ),
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_DEV: flag,
  ENABLE_TEST_LOGIN: flag,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]),
  /** `process` runs grading without the namespace sandbox: unsafe for untrusted code (README "Grading"). */
  GRADER_SANDBOX: optionalString.pipe(z.enum(["bwrap", "process"]).optional()),
  /** `embedded`: the web server claims grading jobs itself; `external`: only `npm run grader` processes do. */
  GRADER_MODE: z.enum(["embedded", "external"]),
  GRADER_CONCURRENCY: z.coerce.number().int().min(1).max(64),
  /** Bench-only: count SQL statements (pg driver) into this file (bench/launch). */
  BENCH_SQL_STATS_FILE: optionalString,
  /** Largest upload the nbgrader exchange accepts (whole request body); nbexchange's default is about 5 GB. */
  EXCHANGE_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024),
  /**
   * Shared secret of an nbexchange-style deployment that carries identity in a signed HS256 cookie (username,
   * course, role, organisation claims). Unset: only API tokens authenticate exchange calls.
   */
  EXCHANGE_JWT_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Name of that cookie (nbexchange's deployments use `noteable_auth`). */
  EXCHANGE_JWT_COOKIE: z.string().regex(/^[A-Za-z0-9_.-]+$/),
});

export type Env = z.infer<typeof schema>;

/** Secrets that must exist; generated once into DATA_DIR outside production so `npm run dev` needs no set-up. */
const GENERATED_SECRETS = ["AUTH_SECRET", "KEY_ENCRYPTION_SECRET"] as const;

/**
 * The port the server listens on: `next dev`/`next start` put it in PORT once listening (`-p 3020`, or the next free
 * port when 3000 is taken), before Lantern's code first reads its settings. CLIs have none: Next's default, 3000.
 */
function listeningPort(raw: Record<string, string | undefined>): string {
  const port = raw.PORT?.trim();
  return port && /^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536 ? port : "3000";
}

function defaultsFor(appEnv: Env["APP_ENV"], raw: Record<string, string | undefined>): Record<string, string | undefined> {
  const production = appEnv === "production";
  return {
    // Outside production Lantern is where it listens, so the quick start works on any port (issue 10, item 16).
    APP_URL: production ? undefined : `http://localhost:${listeningPort(raw)}`,
    DATA_DIR: "./.data",
    DB_POOL_MAX: "10",
    SHUTDOWN_DRAIN_SECONDS: production ? "5" : "0",
    S3_REGION: "us-east-1",
    // 4 MiB: under Vercel's 4.5 MB cap on a function's response (https://vercel.com/docs/functions/limitations).
    SIGNED_DOWNLOAD_MIN_BYTES: String(4 * 1024 * 1024),
    EXPORT_TTL_HOURS: "72",
    EXPORT_WORKER: "process",
    EXPORT_THREADS: "auto",
    MAIL_FROM: "Lantern <lantern@localhost>",
    LOG_LEVEL: production ? "info" : "debug",
    GRADER_MODE: "embedded",
    GRADER_CONCURRENCY: "2",
    EXCHANGE_MAX_UPLOAD_BYTES: String(5_253_530_000),
    EXCHANGE_JWT_COOKIE: "noteable_auth",
  };
}

function loadGeneratedSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, "secrets.json");
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, "utf8"));
  let changed = false;
  for (const name of GENERATED_SECRETS) {
    if (!secrets[name]) {
      secrets[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export class EnvError extends Error {}

/** Parses a raw environment; exported for tests. Throws EnvError with one line naming the bad setting. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  // An empty variable counts as unset, for APP_ENV as for every other setting.
  const appEnv =
    raw.APP_ENV || (raw.NODE_ENV === "production" ? "production" : raw.NODE_ENV === "test" ? "test" : "development");
  const merged: Record<string, string | undefined> = { ...defaultsFor(appEnv as Env["APP_ENV"], raw) };
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== "") merged[k] = v;
  merged.APP_ENV = appEnv;
  merged.PORT = listeningPort(raw); // an unusable PORT is Next's to refuse, not a reason to stop here
  merged.PGLITE_DIR ??= path.join(merged.DATA_DIR ?? "./.data", "pglite");
  merged.STORAGE_DIR ??= path.join(merged.DATA_DIR ?? "./.data", "storage");

  if (appEnv !== "production" && GENERATED_SECRETS.some((name) => !merged[name])) {
    const generated = loadGeneratedSecrets(merged.DATA_DIR!);
    for (const name of GENERATED_SECRETS) merged[name] ??= generated[name];
  }

  const result = schema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join(".");
    const missing = merged[name] === undefined;
    throw new EnvError(
      `Configuration error: ${name} ${missing ? "is required" : `is invalid (${issue.message})`}. See README "Configuration".`,
    );
  }
  const env = result.data;
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    throw new EnvError("Configuration error: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together. See README \"Configuration\".");
  }
  if (env.APP_ENV === "production" && env.ENABLE_TEST_LOGIN) {
    throw new EnvError("Configuration error: ENABLE_TEST_LOGIN must not be set in production.");
  }
  return env;
}

let cached: Env | undefined;

/** The validated settings for this process (parsed once, lazily, so `next build` does not need them). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Which driver serves the database: explicit DATABASE_DRIVER, else PGlite without a URL, Neon for *.neon.tech. */
export function databaseDriver(e: Env = env()): "pglite" | "neon" | "pg" {
  if (e.DATABASE_DRIVER) return e.DATABASE_DRIVER;
  if (!e.DATABASE_URL) return "pglite";
  const host = new URL(e.DATABASE_URL).hostname;
  return host.endsWith(".neon.tech") || host.endsWith(".neon.build") ? "neon" : "pg";
}

/**
 * Whether the launch path's statements are prepared under names (db/prepared.ts). DB_PREPARED_STATEMENTS decides when
 * set. Otherwise they are off when DATABASE_URL is recognisably a transaction-mode pooler — Neon's pooled host
 * (`…-pooler.…`, https://neon.com/docs/connect/connection-pooling) or PgBouncer's default port 6432 — because
 * whether that pooler keeps named statements across server connections (PgBouncer ≥ 1.21 with
 * `max_prepared_statements` > 0) cannot be seen from here, and the costs are lopsided: named statements through a
 * pooler that drops them fail launches, while unnamed ones only re-parse each statement (~0.2 ms).
 */
export function namedPreparedStatements(e: Env = env()): boolean {
  if (e.DB_PREPARED_STATEMENTS !== undefined) return e.DB_PREPARED_STATEMENTS;
  if (!e.DATABASE_URL) return true;
  const url = new URL(e.DATABASE_URL);
  return !(url.hostname.includes("-pooler.") || url.port === "6432");
}

/** True where development-only features (dev LMS, dev mailbox, test login) may exist at all. */
export function isDevelopmentLike(e: Env = env()): boolean {
  return e.APP_ENV !== "production";
}

/** Test hooks for code that must see a different environment. */
export function resetEnvForTests(): void {
  cached = undefined;
}
