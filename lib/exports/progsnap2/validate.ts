import { parse } from "csv-parse/sync";
import { openZip } from "../read-zip";
import { COLUMNS, ENUMS, EVENT_TYPES } from "./columns";

// A validator for ProgSnap2 v1.0 datasets in the Directory representation, after the specification and the
// ProgSnapToolbox event validator (MissingRequiredColumn, UnexpectedColumn, InvalidEventType, InvalidValueForDatatype),
// plus dataset-level rules: unique EventIDs, ParentEventIDs that exist, every CodeStateID present in CodeStates/,
// Order consistent with its declared scope, no file twice in the archive, and a README that documents every custom event type.

export type Problem = { code: string; message: string; row?: number; column?: string };
export type ValidationReport = { ok: boolean; problems: Problem[]; rows: number; eventTypes: Record<string, number>; codeStates: number };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})$/;
const TIMESTAMP_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const MAX_PROBLEMS = 200;

/** Whether `value` is valid for the column's datatype; a message when it is not. */
export function checkValue(column: string, value: string): string | null {
  const spec = COLUMNS[column];
  if (!spec) return null;
  switch (spec.datatype) {
    case "Integer":
      return /^-?\d+$/.test(value) ? null : "not an integer";
    case "Real":
      return value.trim() !== "" && Number.isFinite(Number(value)) ? null : "not a number";
    case "Boolean":
      return /^(true|false)$/i.test(value) ? null : "not true or false";
    case "Timestamp":
      if (TIMESTAMP_NO_ZONE.test(value)) return "timestamp without a time zone";
      return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)) ? null : "not an ISO 8601 timestamp";
    case "Enum": {
      if (value.length > 255) return "longer than 255 characters";
      const allowed = column === "EventType" ? Object.keys(EVENT_TYPES) : ENUMS[column];
      return !allowed || allowed.includes(value) || value.startsWith("X-") ? null : `not a ${column} value (custom values start with X-)`;
    }
    case "ID":
    case "URL":
    case "RelativePath":
    case "SourceLocation":
      return value.length > (spec.datatype === "ID" ? 255 : 2048) ? "too long" : null;
    default:
      return null;
  }
}

/** Validates a ProgSnap2 zip (file path or bytes). */
export async function validateProgSnap2(source: string | Buffer): Promise<ValidationReport> {
  const problems: Problem[] = [];
  const problem = (p: Problem) => void (problems.length < MAX_PROBLEMS && problems.push(p));
  const { entries, close } = await openZip(source);
  try {
    const byName = new Map(entries.map((e) => [e.name, e]));
    // Two entries of one name: a reader keeps one of them, and which one differs between unzip tools.
    if (byName.size !== entries.length) {
      const seen = new Set<string>();
      for (const e of entries) {
        if (seen.has(e.name)) problem({ code: "DuplicateFile", message: `${e.name} is in the archive more than once` });
        seen.add(e.name);
      }
    }
    const codeStates = new Set<string>();
    for (const e of entries) {
      const m = /^CodeStates\/([^/]+)\/.+$/.exec(e.name);
      if (m && !e.name.endsWith("/")) codeStates.add(m[1]);
    }
    const read = async (name: string) => (byName.has(name) ? (await byName.get(name)!.read()).toString("utf8").replace(/^\uFEFF/, "") : null);

    const metaText = await read("DatasetMetadata.csv");
    const mainText = await read("MainTable.csv");
    const readme = await read("README.md");
    if (metaText === null) problem({ code: "MissingFile", message: "DatasetMetadata.csv is missing" });
    if (mainText === null) problem({ code: "MissingFile", message: "MainTable.csv is missing" });
    if (metaText === null || mainText === null) return { ok: false, problems, rows: 0, eventTypes: {}, codeStates: codeStates.size };

    const meta = checkMetadata(parse(metaText, { relax_column_count: true }) as string[][], problem);
    if (meta.CodeStateRepresentation !== "Directory") problem({ code: "UnsupportedRepresentation", message: `this validator reads the Directory representation, not ${meta.CodeStateRepresentation}` });

    const records = parse(mainText, { relax_column_count: false }) as string[][];
    const header = records[0] ?? [];
    for (const column of header) if (!COLUMNS[column]) problem({ code: "UnexpectedColumn", column, message: `${column} is not a ProgSnap2 MainTable column` });
    for (const [column, spec] of Object.entries(COLUMNS)) {
      if (spec.universal === "required" && !header.includes(column)) problem({ code: "MissingRequiredColumn", column, message: `the MainTable has no ${column} column` });
    }
    const scopeColumns = meta.EventOrderScope === "Restricted" ? (meta.EventOrderScopeColumns ?? "").split(";").filter(Boolean) : [];
    for (const c of scopeColumns) if (!header.includes(c)) problem({ code: "InvalidMetadata", message: `EventOrderScopeColumns names ${c}, which the MainTable does not have` });

    const ids = new Set<string>();
    const parents: { row: number; id: string }[] = [];
    const eventTypes: Record<string, number> = {};
    const orders = new Map<string, { order: number; time: number; row: number }[]>();
    for (let r = 1; r < records.length; r++) {
      const row = Object.fromEntries(header.map((h, i) => [h, records[r][i] ?? ""])) as Record<string, string>;
      checkRow(row, r, problem);
      const type = row.EventType;
      eventTypes[type] = (eventTypes[type] ?? 0) + 1;
      if (row.EventID) {
        if (ids.has(row.EventID)) problem({ code: "DuplicateEventID", row: r, column: "EventID", message: `EventID ${row.EventID} appears more than once` });
        ids.add(row.EventID);
      }
      if (row.ParentEventID) parents.push({ row: r, id: row.ParentEventID });
      if (row.CodeStateID && !codeStates.has(row.CodeStateID)) {
        problem({ code: "MissingCodeState", row: r, column: "CodeStateID", message: `CodeStates/${row.CodeStateID}/ does not exist` });
      }
      if (meta.EventOrderScope && meta.EventOrderScope !== "None") {
        if (!/^-?\d+$/.test(row.Order ?? "")) problem({ code: "MissingOrder", row: r, column: "Order", message: "EventOrderScope is set, so every event needs an integer Order" });
        else {
          const scope = meta.EventOrderScope === "Global" ? "" : scopeColumns.map((c) => row[c]).join("\0");
          const time = Date.parse(row.ClientTimestamp || row.ServerTimestamp || "");
          const list = orders.get(scope) ?? [];
          list.push({ order: Number(row.Order), time, row: r });
          orders.set(scope, list);
        }
      }
    }
    for (const p of parents) if (!ids.has(p.id)) problem({ code: "UnknownParentEventID", row: p.row, column: "ParentEventID", message: `ParentEventID ${p.id} names no event` });
    checkOrder(orders, meta.IsEventOrderingConsistent === "true", problem);

    const custom = Object.keys(eventTypes).filter((t) => t.startsWith("X-"));
    if ((custom.length || eventTypes.Compile) && readme === null) problem({ code: "MissingReadme", message: "custom or fabricated events need a README.md that documents them" });
    for (const t of custom) if (readme !== null && !readme.includes(t)) problem({ code: "UndocumentedCustomValue", message: `README.md does not document the custom event type ${t}` });
    return { ok: problems.length === 0, problems, rows: records.length - 1, eventTypes, codeStates: codeStates.size };
  } finally {
    close();
  }
}

function checkMetadata(records: string[][], problem: (p: Problem) => void): Record<string, string> {
  const [head, ...rest] = records;
  if (!head || head[0] !== "Property" || head[1] !== "Value") problem({ code: "InvalidMetadata", message: "DatasetMetadata.csv must start with the header Property,Value" });
  const meta: Record<string, string> = { IsEventOrderingConsistent: "false", EventOrderScope: "None", CodeStateRepresentation: "Table" };
  for (const [property, value = ""] of rest) meta[property] = value;
  if (!rest.some(([p]) => p === "Version")) problem({ code: "InvalidMetadata", message: "DatasetMetadata.csv has no Version" });
  if (!/^(true|false)$/.test(meta.IsEventOrderingConsistent)) problem({ code: "InvalidMetadata", message: "IsEventOrderingConsistent must be true or false" });
  if (!["Global", "Restricted", "None"].includes(meta.EventOrderScope)) problem({ code: "InvalidMetadata", message: "EventOrderScope must be Global, Restricted or None" });
  if (meta.EventOrderScope === "Restricted" && !meta.EventOrderScopeColumns) problem({ code: "InvalidMetadata", message: "EventOrderScope is Restricted, so EventOrderScopeColumns is required" });
  if (!["Table", "Directory", "Git"].includes(meta.CodeStateRepresentation)) problem({ code: "InvalidMetadata", message: "CodeStateRepresentation must be Table, Directory or Git" });
  return meta;
}

function checkRow(row: Record<string, string>, r: number, problem: (p: Problem) => void): void {
  const type = row.EventType;
  const spec = EVENT_TYPES[type];
  if (!spec && !type?.startsWith("X-")) problem({ code: "InvalidEventType", row: r, column: "EventType", message: `${type || "(blank)"} is not a ProgSnap2 event type (custom types start with X-)` });
  for (const [column, value] of Object.entries(row)) {
    if (value === "") continue;
    const bad = checkValue(column, value);
    if (bad) problem({ code: "InvalidValueForDatatype", row: r, column, message: `${column} "${value.slice(0, 40)}": ${bad}` });
    const info = COLUMNS[column];
    if (spec && info && info.universal === false && !spec.required.includes(column) && !spec.optional.includes(column)) {
      problem({ code: "UnexpectedColumn", row: r, column, message: `${type} events do not have ${column}` });
    }
  }
  for (const [column, info] of Object.entries(COLUMNS)) {
    // CodeStateID is required as a column, but blank means "unknown" (spec, CodeStateID).
    if (info.universal === "required" && column !== "CodeStateID" && !row[column]) problem({ code: "MissingRequiredColumn", row: r, column, message: `${column} is empty` });
  }
  for (const column of spec?.required ?? []) if (!row[column]) problem({ code: "MissingRequiredColumn", row: r, column, message: `${type} requires ${column}` });
  for (const column of ["Score", "ExtraCreditScore"]) {
    if (row[column] && (Number(row[column]) < 0 || Number(row[column]) > 1)) problem({ code: "InvalidValueForDatatype", row: r, column, message: `${column} must be between 0 and 1` });
  }
  if (row.Attempt && Number(row.Attempt) < 1) problem({ code: "InvalidValueForDatatype", row: r, column: "Attempt", message: "Attempt starts at 1" });
}

function checkOrder(orders: Map<string, { order: number; time: number; row: number }[]>, consistent: boolean, problem: (p: Problem) => void) {
  for (const list of orders.values()) {
    list.sort((a, b) => a.order - b.order);
    for (let i = 1; i < list.length; i++) {
      if (list[i].order === list[i - 1].order) problem({ code: "DuplicateOrder", row: list[i].row, column: "Order", message: `Order ${list[i].order} appears twice in one scope` });
      else if (consistent && list[i].time < list[i - 1].time) {
        problem({ code: "InconsistentOrder", row: list[i].row, column: "Order", message: `Order ${list[i].order} is earlier in time than Order ${list[i - 1].order} of the same scope` });
      }
    }
  }
}
