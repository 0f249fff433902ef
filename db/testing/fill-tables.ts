import { randomUUID } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Writes one representative row into every table of the `public` schema, reading the schema from the catalog (so a
 * table added by a later migration is filled without anyone remembering to): every column gets a value of its type,
 * foreign keys point at the row just written to the referenced table (so each round of rows is one consistent world),
 * nullable self-references and cycles stay null. Used by db/migrations-with-data.test.ts.
 */

type Column = {
  name: string;
  type: string; // format_type(), usable as a cast
  notNull: boolean;
  defaultExpr: string | null;
  serial: boolean; // identity, generated or nextval(): the database picks the value
  enumLabels: string[] | null;
  elementEnumLabels: string[] | null;
};
type ForeignKey = { columns: string[]; table: string; refColumns: string[] };
export type TableShape = { name: string; columns: Column[]; foreignKeys: ForeignKey[]; primaryKey: string[] };
type Row = Record<string, unknown>;

/** Values a column's type cannot tell: JSON shapes that later migrations read, app-level codes they test for. */
const OVERRIDES: Record<string, (round: number) => unknown> = {
  "assignments.function_tests": (round) =>
    round % 3 === 0
      ? []
      : [{ name: `test_${round}`, code: `def test_${round}():\n    assert f() == ${round}`, points: 1, message: "", visibility: "visible" }],
  "assignments.io_cases": (round) => (round % 2 ? [] : [{ name: `case ${round}`, stdin: "1\n", expected: "1\n", points: 1 }]),
  "enrollments.source": (round) => (round % 2 ? "lti" : "manual"),
};

/** The shape of every table in `public` as the database holds it now. */
export async function readSchema(client: PGlite): Promise<TableShape[]> {
  const columns = await client.query<Column & { table: string }>(`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull",
           pg_get_expr(d.adbin, d.adrelid) as "defaultExpr",
           (a.attidentity <> '' or a.attgenerated <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false)) as serial,
           (select array_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = a.atttypid) as "enumLabels",
           (select array_agg(e.enumlabel order by e.enumsortorder) from pg_type t join pg_enum e on e.enumtypid = t.typelem
             where t.oid = a.atttypid) as "elementEnumLabels"
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`);
  const constraints = await client.query<{ table: string; type: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null }>(`
    select k.conrelid::regclass::text as table, k.contype as type,
           array(select attname from unnest(k.conkey) with ordinality u(n, i) join pg_attribute on attrelid = k.conrelid and attnum = u.n order by u.i) as columns,
           k.confrelid::regclass::text as ref_table,
           array(select attname from unnest(k.confkey) with ordinality u(n, i) join pg_attribute on attrelid = k.confrelid and attnum = u.n order by u.i) as ref_columns
    from pg_constraint k where k.connamespace = 'public'::regnamespace and k.contype in ('p', 'f')`);
  const tables = new Map<string, TableShape>();
  for (const { table, ...column } of columns.rows) {
    if (!tables.has(table)) tables.set(table, { name: table, columns: [], foreignKeys: [], primaryKey: [] });
    tables.get(table)!.columns.push(column);
  }
  for (const k of constraints.rows) {
    const table = tables.get(k.table.replace(/"/g, ""))!;
    if (k.type === "p") table.primaryKey = k.columns;
    else table.foreignKeys.push({ columns: k.columns, table: k.ref_table!.replace(/"/g, ""), refColumns: k.ref_columns! });
  }
  return [...tables.values()];
}

/** A value of the column's type, as text for a `$n::type` parameter; distinct per table, column and round. */
function valueFor(table: string, column: Column, round: number): string | null | "DEFAULT" {
  const override = OVERRIDES[`${table}.${column.name}`];
  if (override) {
    const v = override(round);
    return typeof v === "string" ? v : JSON.stringify(v);
  }
  if (column.enumLabels) return column.enumLabels[round % column.enumLabels.length];
  if (column.elementEnumLabels) return `{${column.elementEnumLabels[round % column.elementEnumLabels.length]}}`;
  const type = column.type;
  const literalDefault = column.defaultExpr?.match(/^'((?:[^']|'')*)'::text$/);
  if (literalDefault) return literalDefault[1].replace(/''/g, "'"); // an app-level code: the default is a legal one
  if (type === "uuid") return randomUUID();
  if (type === "text" || type.startsWith("character varying")) return `${table}.${column.name} #${round}`;
  if (type === "text[]") return `{"${table}.${column.name} #${round}"}`;
  if (["integer", "bigint", "smallint"].includes(type)) return String(round + 1);
  if (["real", "double precision"].includes(type) || type.startsWith("numeric")) return String(round + 0.5);
  if (type === "boolean") return round % 2 ? "true" : "false";
  if (type.startsWith("timestamp")) return new Date(Date.UTC(2026, 0, 1 + round, 12)).toISOString();
  if (type === "date") return `2026-01-${String(1 + (round % 28)).padStart(2, "0")}`;
  if (type === "jsonb" || type === "json") return column.defaultExpr ? "DEFAULT" : JSON.stringify({ round });
  if (type === "bytea") return `\\x${Buffer.from(`${table} #${round}`).toString("hex")}`;
  throw new Error(`fill-tables: no representative value for ${table}.${column.name} of type ${type}; add one`);
}

/** Inserts one row into every table, parents before children. Returns the rows as the database stored them. */
export async function fillEveryTable(client: PGlite, round: number): Promise<Map<string, Row>> {
  const schema = await readSchema(client);
  const written = new Map<string, Row>();
  const pending = new Set(schema.map((t) => t.name));
  while (pending.size > 0) {
    const ready = (strict: boolean) =>
      schema.find(
        (t) =>
          pending.has(t.name) &&
          t.foreignKeys.every(
            (fk) =>
              fk.table === t.name ||
              written.has(fk.table) ||
              (!strict && fk.columns.every((c) => !t.columns.find((col) => col.name === c)!.notNull)),
          ),
      );
    const table = ready(true) ?? ready(false);
    if (!table) throw new Error(`fill-tables: NOT NULL foreign keys form a cycle among ${[...pending].join(", ")}`);
    pending.delete(table.name);
    written.set(table.name, await insertRow(client, table, round, written));
  }
  return written;
}

async function insertRow(client: PGlite, table: TableShape, round: number, written: Map<string, Row>): Promise<Row> {
  const fromParent = new Map<string, unknown>();
  for (const fk of table.foreignKeys) {
    const parent = fk.table === table.name ? undefined : written.get(fk.table);
    fk.columns.forEach((c, i) => fromParent.set(c, parent ? parent[fk.refColumns[i]] : null));
  }
  const names: string[] = [];
  const exprs: string[] = [];
  const params: (string | null)[] = [];
  for (const column of table.columns) {
    let value: string | null | "DEFAULT";
    if (fromParent.has(column.name)) {
      const v = fromParent.get(column.name);
      value = v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v);
    } else value = column.serial ? "DEFAULT" : valueFor(table.name, column, round);
    names.push(`"${column.name}"`);
    if (value === "DEFAULT") exprs.push("DEFAULT");
    else {
      params.push(value);
      exprs.push(`$${params.length}::${column.type}`);
    }
  }
  const result = await client.query<{ row: Row }>(
    `insert into "${table.name}" as t (${names.join(", ")}) values (${exprs.join(", ")}) returning to_jsonb(t) as row`,
    params,
  );
  return result.rows[0].row;
}

/** Every row of every table, keyed by table then by primary key (all columns where there is none). */
export async function snapshot(client: PGlite): Promise<Map<string, Map<string, Row>>> {
  const out = new Map<string, Map<string, Row>>();
  for (const table of await readSchema(client)) {
    const rows = (await client.query<{ row: Row }>(`select to_jsonb(t) as row from "${table.name}" t`)).rows.map((r) => r.row);
    const key = (row: Row) => JSON.stringify((table.primaryKey.length ? table.primaryKey : Object.keys(row).sort()).map((c) => row[c]));
    out.set(table.name, new Map(rows.map((row) => [key(row), row])));
  }
  return out;
}
