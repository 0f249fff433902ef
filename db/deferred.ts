import { createTableRelationsHelpers, extractTablesRelationalConfig, type Query, type SQL } from "drizzle-orm";
import {
  PgDatabase,
  PgDialect,
  PgPreparedQuery,
  PgSession,
  type PgTransaction,
  type PgTransactionConfig,
  type PreparedQueryConfig,
} from "drizzle-orm/pg-core";

// A Drizzle database whose driver module is still loading. connectDatabase() and getDatabase() are synchronous (every
// model calls db() in line), but a driver's module costs memory in every process that imports it: PGlite's ~1 MB of
// JavaScript (plus its WASM when opened) was loaded by every web process, grader and export worker on PostgreSQL,
// about 40 MB of RSS under tsx. So db/client.ts imports the PGlite and Neon drivers only when one is chosen, and
// answers at once with this database: query builders, SQL and the relational API are the real ones (pg-core's, the
// same for every Postgres driver); each query is prepared and run by the real driver's session as soon as it has
// loaded. Statements built before that wait for it; after that, prepareQuery hands them straight to the real session.

type Prepare = Parameters<PgSession["prepareQuery"]>;
type Session = PgSession<never, Record<string, unknown>, never>;

/** A statement prepared before the driver loaded: runs on the real driver's statement once there is one. */
class DeferredPreparedQuery extends PgPreparedQuery<PreparedQueryConfig> {
  constructor(
    private readonly real: Promise<PgPreparedQuery<PreparedQueryConfig>>,
    query: Query,
    private readonly arrayMode: boolean,
  ) {
    super(query, undefined, undefined, undefined);
  }

  private async ready(): Promise<PgPreparedQuery<PreparedQueryConfig> & { all: (values?: Record<string, unknown>) => Promise<unknown> }> {
    const real = await this.real;
    // Set by select builders on the statement prepareQuery returned (pg-core's select.js `_prepare`).
    const internals = (from: object) => from as { joinsNotNullableMap?: unknown };
    internals(real).joinsNotNullableMap = internals(this).joinsNotNullableMap;
    return real as never;
  }

  async execute(values?: Record<string, unknown>): Promise<unknown> {
    return (await this.ready()).execute(values);
  }

  async all(values?: Record<string, unknown>): Promise<unknown> {
    return (await this.ready()).all(values);
  }

  isResponseInArrayMode(): boolean {
    return this.arrayMode;
  }
}

class DeferredSession extends PgSession<never, Record<string, unknown>, never> {
  private real: Session | undefined;

  constructor(
    dialect: PgDialect,
    private readonly loading: Promise<Session>,
  ) {
    super(dialect);
    loading.then(
      (session) => (this.real = session),
      () => {}, // Each query reports the failure.
    );
  }

  prepareQuery<T extends PreparedQueryConfig = PreparedQueryConfig>(...args: Prepare): PgPreparedQuery<T> {
    if (this.real) return this.real.prepareQuery(...args) as PgPreparedQuery<T>;
    return new DeferredPreparedQuery(
      this.loading.then((session) => session.prepareQuery(...args)),
      args[0],
      args[3],
    ) as unknown as PgPreparedQuery<T>;
  }

  async transaction<T>(transaction: (tx: PgTransaction<never, Record<string, unknown>, never>) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
    return (this.real ?? (await this.loading)).transaction(transaction, config);
  }

  // Drivers read the count from their own result shape (PGlite and Neon: `.rows`).
  async count(sql: SQL): Promise<number> {
    return (this.real ?? (await this.loading)).count(sql);
  }
}

/**
 * A database that works at once and runs its queries on `real` (the driver's own Drizzle database, made with the
 * same schema and casing) once that has loaded. A failed load fails every query with its error.
 */
export function deferredDatabase<TDatabase>(real: Promise<TDatabase>, { schema, casing }: { schema: Record<string, unknown>; casing: "snake_case" }): TDatabase {
  const dialect = new PgDialect({ casing });
  const session = new DeferredSession(
    dialect,
    real.then((db) => (db as unknown as { _: { session: Session } })._.session),
  );
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  return new PgDatabase(dialect, session, { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap }) as TDatabase;
}
