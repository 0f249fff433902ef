import type { SQL } from "drizzle-orm";
import type { PgDialect, PgSession } from "drizzle-orm/pg-core";
import type { Database } from "./client";

/**
 * The rows of a raw statement as arrays, in its columns' order, on any of the three drivers: the statement is
 * prepared as a select builder's is (array row mode), with a result mapper that keeps the arrays. `db.execute()`
 * gives objects, and the pg driver builds each as a dictionary-mode copy of a null-prototype template: ~700 bytes
 * and a hash insert per column, for every one of a million export rows (issue 15's bench). Values are typed as the
 * driver parses them (pg: int8 as text, timestamps as text, json parsed; PGlite: its own parsers).
 */
export async function arrayRows(database: Database, query: SQL): Promise<unknown[][]> {
  const { dialect, session } = database as unknown as { dialect: PgDialect; session: PgSession };
  const prepared = session.prepareQuery(dialect.sqlToQuery(query), undefined, undefined, true, (rows) => rows as unknown[][]);
  return (await prepared.execute()) as unknown[][];
}
