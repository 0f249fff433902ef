import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import type { PgDialect, PgSession } from "drizzle-orm/pg-core";
import { namedPreparedStatements } from "@/lib/env";
import type { Database } from "./client";

/**
 * The rows of a raw statement as arrays, in its columns' order, on any of the three drivers: the statement is
 * prepared as a select builder's is (array row mode), with a result mapper that keeps the arrays. `db.execute()`
 * gives objects, and the pg driver builds each as a dictionary-mode copy of a null-prototype template, a hash insert
 * per column for every one of a million export rows (issue 15's bench). Values are typed as the driver parses them
 * (pg: int8 as text, timestamps as text, json parsed; PGlite: its own parsers).
 *
 * `named`: the statement is prepared under a name made from its text (where the connection allows, as
 * db/prepared.ts's statementName), so Postgres parses and plans it once per connection, not once per execution: for
 * a statement run thousands of times with new parameters (an export's pages: ~1 ms of planning each).
 */
export async function arrayRows(database: Database, query: SQL, { named = false }: { named?: boolean } = {}): Promise<unknown[][]> {
  return arrayRowsStatement(database, query, { named })();
}

/**
 * arrayRows as a statement built once and run many times: `query` may hold `sql.placeholder(name)`s, filled from
 * `values` at each run. Building an export page's statement from its template, with its hash for a name, was half a
 * second of a million-event build's main thread (2,000 pages; issue 15's bench).
 */
export function arrayRowsStatement<Row extends unknown[] = unknown[]>(
  database: Database,
  query: SQL,
  { named = false }: { named?: boolean } = {},
): (values?: Record<string, unknown>) => Promise<Row[]> {
  const { dialect, session } = database as unknown as { dialect: PgDialect; session: PgSession };
  const built = dialect.sqlToQuery(query);
  const name = named && namedPreparedStatements() ? `rows_${createHash("sha256").update(built.sql).digest("base64url").slice(0, 22)}` : undefined;
  const prepared = session.prepareQuery(built, undefined, name, true, (rows) => rows as unknown[][]);
  return async (values) => (await prepared.execute(values)) as Row[];
}
