import { DrizzleQueryError } from "drizzle-orm/errors";
import { PgPreparedQuery } from "drizzle-orm/pg-core";

/**
 * A failed query, described by what PostgreSQL said: its SQLSTATE, the constraint (when one was violated) and its
 * message, with the SQL text but never the parameter values. Drizzle's own error puts every parameter (student
 * code, names, emails, token hashes) into its message, and the driver's error carries a DETAIL line that quotes
 * row values ("Key (email)=(…) already exists"); neither may reach a log line.
 */
export class DatabaseQueryError extends Error {
  /** The SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html); also as `code`, like pg's errors. */
  readonly code: string | undefined;
  readonly sqlstate: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly query: string;

  constructor(query: string, cause: unknown) {
    const pg = (cause ?? {}) as { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; message?: unknown };
    const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
    const sqlstate = str(pg.code);
    const constraint = str(pg.constraint);
    const reason = str(pg.message) ?? "unknown database error";
    super(`Query failed (SQLSTATE ${sqlstate ?? "unknown"}${constraint ? `, constraint ${constraint}` : ""}): ${reason}`);
    this.name = "DatabaseQueryError";
    this.code = sqlstate;
    this.sqlstate = sqlstate;
    this.constraint = constraint;
    this.table = str(pg.table);
    this.column = str(pg.column);
    this.query = query.slice(0, 2000);
  }
}

/** True for PostgreSQL's unique_violation (23505), raw from a driver or wrapped by Drizzle. */
export function isUniqueViolation(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++, e = e.cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

const patched = Symbol.for("lantern.queryErrors");

/**
 * Makes every Drizzle query on every driver (pg, Neon, PGlite — all run through PgPreparedQuery.queryWithCache)
 * fail with a DatabaseQueryError instead of Drizzle's parameter-bearing error. Done once, where queries fail, so
 * no log call site (ours or Next's own logging of a render error) can leak parameters.
 */
export function installQueryErrorSanitizer(): void {
  const proto = PgPreparedQuery.prototype as unknown as Record<symbol | string, unknown> & {
    queryWithCache: (query: string, params: unknown[], run: () => Promise<unknown>) => Promise<unknown>;
  };
  if (proto[patched]) return;
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (this: unknown, query: string, params: unknown[], run: () => Promise<unknown>) {
    try {
      return await original.call(this, query, params, run);
    } catch (error) {
      if (error instanceof DrizzleQueryError) throw new DatabaseQueryError(error.query, error.cause);
      throw error;
    }
  };
  proto[patched] = true;
}
