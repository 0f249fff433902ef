import { describe, expect, it } from "vitest";
import { csvLine } from "../csv";
import { ZipWriter } from "../zip-writer";
import { validateProgSnap2 } from "./validate";

const META = [["Property", "Value"], ["Version", "1.0"], ["IsEventOrderingConsistent", "true"], ["EventOrderScope", "Restricted"], ["EventOrderScopeColumns", "SubjectID"], ["CodeStateRepresentation", "Directory"]];
const HEADER = ["EventType", "EventID", "Order", "SubjectID", "ToolInstances", "CodeStateID", "ClientTimestamp", "SessionID", "ParentEventID", "CodeStateSection", "EditType", "CompileResult", "CompileMessageType", "CompileMessageData", "SourceLocation", "ExecutionResult", "Score"];
type Row = Partial<Record<(typeof HEADER)[number], string>>;
const base = { SubjectID: "s1", ToolInstances: "Lantern;Python 3", CodeStateID: "c1" };
const VALID: Row[] = [
  { ...base, EventType: "Session.Start", EventID: "1", Order: "1", ClientTimestamp: "2026-01-01T10:00:00.000-05:00", SessionID: "x", CodeStateID: "" },
  { ...base, EventType: "File.Edit", EventID: "2", Order: "2", ClientTimestamp: "2026-01-01T10:00:01.000-05:00", CodeStateSection: "main.py", EditType: "GenericEdit" },
  { ...base, EventType: "Compile", EventID: "3", Order: "3", ClientTimestamp: "2026-01-01T10:00:02.000-05:00", CodeStateSection: "main.py", CompileResult: "Error" },
  { ...base, EventType: "Compile.Error", EventID: "4", Order: "4", ClientTimestamp: "2026-01-01T15:00:02.000Z", ParentEventID: "3", CodeStateSection: "main.py", CompileMessageType: "SyntaxError", CompileMessageData: "bad", SourceLocation: "Text:2" },
  { ...base, EventType: "Run.Program", EventID: "5", Order: "5", ClientTimestamp: "2026-01-01T10:00:03.000-05:00", ExecutionResult: "Error" },
  { ...base, EventType: "X-Focus", EventID: "6", Order: "6", ClientTimestamp: "2026-01-01T10:00:04.000-05:00" },
  { ...base, EventType: "Submit", EventID: "7", Order: "7", ClientTimestamp: "2026-01-01T10:00:05.000-05:00", Score: "0.75" },
];

async function dataset({ rows = VALID, header = HEADER, meta = META, readme = "# Data\n\nX-Focus: the window gained focus. Compile events are fabricated.\n", states = ["c1"] }: { rows?: Row[]; header?: string[]; meta?: string[][]; readme?: string | null; states?: string[] } = {}) {
  const chunks: Buffer[] = [];
  const zip = new ZipWriter(async (c) => void chunks.push(Buffer.from(c)));
  await zip.addFile("DatasetMetadata.csv", meta.map((r) => csvLine(r)).join(""));
  await zip.addFile("MainTable.csv", csvLine(header) + rows.map((r) => csvLine(header.map((h) => (r as Record<string, string>)[h] ?? ""))).join(""));
  for (const s of states) await zip.addFile(`CodeStates/${s}/main.py`, "print(1)\n");
  if (readme !== null) await zip.addFile("README.md", readme);
  await zip.finish();
  return validateProgSnap2(Buffer.concat(chunks));
}

const codes = async (options: Parameters<typeof dataset>[0]) => (await dataset(options)).problems.map((p) => p.code);

describe("validateProgSnap2", () => {
  it("accepts a valid dataset", async () => {
    const report = await dataset();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, rows: 7, codeStates: 1 });
  });

  it("flags missing required columns and values, unknown columns and event types", async () => {
    expect(await codes({ header: HEADER.filter((h) => h !== "ToolInstances") })).toContain("MissingRequiredColumn");
    expect(await codes({ header: [...HEADER, "Colour"] })).toContain("UnexpectedColumn");
    expect(await codes({ rows: [{ ...VALID[1], EditType: "" }] })).toContain("MissingRequiredColumn");
    expect(await codes({ rows: [{ ...VALID[1], EventType: "File.Typed" }] })).toContain("InvalidEventType");
    expect(await codes({ rows: [{ ...VALID[0], ExecutionResult: "Success" }] })).toContain("UnexpectedColumn");
  });

  it("checks datatypes: time zones, enums, integers, scores", async () => {
    expect(await codes({ rows: [{ ...VALID[1], ClientTimestamp: "2026-01-01T10:00:01.000" }] })).toContain("InvalidValueForDatatype");
    expect(await codes({ rows: [{ ...VALID[1], EditType: "Typing" }] })).toContain("InvalidValueForDatatype");
    expect(await codes({ rows: [{ ...VALID[1], EditType: "X-Typing" }] })).toEqual([]);
    expect(await codes({ rows: [{ ...VALID[6], Score: "1.5" }] })).toContain("InvalidValueForDatatype");
    expect(await codes({ rows: [{ ...VALID[1], Order: "two" }] })).toContain("InvalidValueForDatatype");
  });

  it("checks dataset rules: unique EventIDs, parents, code states, order, documented custom types", async () => {
    expect(await codes({ rows: [VALID[1], { ...VALID[1], Order: "3" }] })).toContain("DuplicateEventID");
    expect(await codes({ rows: [{ ...VALID[3], ParentEventID: "99" }] })).toContain("UnknownParentEventID");
    expect(await codes({ states: [] })).toContain("MissingCodeState");
    expect(await codes({ states: ["c1", "c1"] })).toEqual(["DuplicateFile"]);
    expect(await codes({ rows: [VALID[1], { ...VALID[2], Order: "2" }] })).toContain("DuplicateOrder");
    expect(await codes({ rows: [{ ...VALID[1], Order: "9" }, { ...VALID[2], Order: "8" }] })).toContain("InconsistentOrder");
    expect(await codes({ rows: VALID, readme: "# Data\n" })).toContain("UndocumentedCustomValue");
    expect(await codes({ readme: null })).toContain("MissingReadme");
  });

  it("checks the metadata", async () => {
    expect(await codes({ meta: META.filter((r) => r[0] !== "EventOrderScopeColumns") })).toContain("InvalidMetadata");
    expect(await codes({ meta: [...META.slice(0, 1), ...META.slice(2)] })).toContain("InvalidMetadata");
  });
});
