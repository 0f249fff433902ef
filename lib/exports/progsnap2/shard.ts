import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { SystemAuthz } from "@/lib/auth/authz";
import type { StarterFile } from "@/lib/grading/types";
import { selectCodeStateFiles, type ExportAssignment, type ExportScope, type ExportSubject } from "@/lib/models/export-data";
import { CsvWriter, type Cell } from "../csv";
import { DeflatedFile } from "../deflated-file";
import { createScrubber, pseudonym, type PseudonymKey } from "../deidentify";
import { exportItemPages, type Group, type SourceItem } from "../source";
import { isoWithOffset } from "../timestamps";
import { ZipWriter } from "../zip-writer";
import { MAIN_TABLE_COLUMNS, type MainTableColumn } from "./columns";
import { TOOL_INSTANCES } from "./readme";
import { IdSet } from "./id-set";
import { safeFileName, sourceLocationOf } from "./names";

type Row = Partial<Record<MainTableColumn, Cell>>;

const TEST_RESULT: Record<string, string> = { passed: "Success", failed: "TestFailed", error: "Error", timeout: "Timeout" };

/** What one shard of a ProgSnap2 build covers: some of the dataset's subjects (structured-cloneable, for a worker thread). */
export type ShardInput = {
  scope: ExportScope;
  courseId: string;
  assignments: ExportAssignment[];
  subjects: ExportSubject[];
  key: PseudonymKey;
  /** This shard's number and how many there are: EventIDs are `n × shards + shard + 1`, unique across shards. */
  shard: number;
  shards: number;
  /** The build's time: every zip entry's modification time. */
  now: Date;
};

export type ShardStats = { events: number; codeStates: number; subjects: number; fabricated: number; folded: number };

/**
 * Writes one shard of a ProgSnap2 dataset: its MainTable rows (no header) to `mainTable` (left open for the caller), its code states and error
 * outputs to `zip`. De-identified: every id is a keyed pseudonym and the subject's own name and email are scrubbed
 * from code and messages. Returns its counts and the CodeStateIDs it wrote (a state shared by subjects of two
 * shards is written by both; the build keeps the first).
 */
export async function buildShard({
  input,
  system,
  zip,
  mainTable,
  onProgress,
  signal,
}: {
  input: ShardInput;
  system: SystemAuthz;
  zip: ZipWriter;
  mainTable: DeflatedFile;
  onProgress: (doneSubjects: number) => Promise<void>;
  /** Stops the shard (another shard failed). */
  signal?: AbortSignal;
}): Promise<{ stats: ShardStats; writtenStates: IdSet }> {
  const { key, shard, shards } = input;
  const main = new CsvWriter(MAIN_TABLE_COLUMNS, (chunk) => mainTable.write(chunk));
  const values: Cell[] = new Array(MAIN_TABLE_COLUMNS.length);
  const at = Object.fromEntries(MAIN_TABLE_COLUMNS.map((c, i) => [c, i])) as Record<MainTableColumn, number>;
  // A chunk of the main table handed to the compressor: awaited once per source item, not once per row.
  let flushing: Promise<void> | undefined;

  const assignments = new Map(input.assignments.map((a) => [a.id, a]));
  const writtenStates = new IdSet();
  const stats: ShardStats = { events: 0, codeStates: 0, fabricated: 0, folded: 0, subjects: 0 };
  let count = 0;
  const courseId = pseudonym(key, "course", input.courseId);
  const assignmentIds = new Map(input.assignments.map((a) => [a.id, pseudonym(key, "assignment", a.id)]));
  const assignmentIdOf = (id: string) => assignmentIds.get(id) ?? pseudonym(key, "assignment", id);
  const sessionIds = new Map<string, string>();
  let assignmentId = "";
  let graded = false;

  // Per-group state (a group = one subject's work on one assignment).
  let group: Group | null = null;
  let subjectId = "";
  let scrub: (text: string) => string = (t) => t;
  let lastState = "";
  let stateIds = new Map<string, string>();
  let pendingRun: Row | null = null;
  let pendingRunSession = "";
  let mainFile = "main.py";
  let scrubbers = new Map<string, (text: string) => string>();
  const subjects = new Set<string>();

  /** Writes one MainTable row: the row's own columns over the ones every row carries. Returns its EventID. */
  const emit = (row: Row): string => {
    const order = count++ * shards + shard + 1;
    stats.events++;
    const id = String(order);
    // One array in column order for every row (the writer copies it), not a merged object: a spread per row made a
    // million dictionary-mode objects.
    values.fill(undefined);
    values[at.EventID] = id;
    values[at.Order] = order;
    values[at.SubjectID] = subjectId;
    values[at.ToolInstances] = TOOL_INSTANCES;
    values[at.CourseID] = courseId;
    values[at.AssignmentID] = assignmentId;
    values[at.AssignmentIsGraded] = graded;
    values[at.CodeStateID] = lastState;
    for (const column in row) values[at[column as MainTableColumn]] = row[column as MainTableColumn];
    const flushed = main.raw(values);
    if (flushed) flushing = flushing ? flushing.then(() => flushed) : flushed;
    return id;
  };
  const flushRun = () => {
    if (!pendingRun) return;
    const run = pendingRun;
    pendingRun = null;
    emit(run);
  };

  /** The exported CodeStateID of a stored code state, writing its files the first time. */
  const codeState = async (dbId: string | null, files: StarterFile[] | null): Promise<string> => {
    if (!dbId) return lastState;
    const known = stateIds.get(dbId);
    if (known) return (lastState = known);
    // Events carry their files only where the code changed (pageExportEvents); one after a folded error may not.
    files ??= await selectCodeStateFiles({ system, codeStateId: dbId });
    const scrubbed = (files ?? []).map((f) => ({ name: safeFileName(f.name), content: scrub(f.content) }));
    const changed = scrubbed.some((f, i) => f.content !== files![i].content);
    // Content scrubbed for this subject gets an id of its own, so a shared code state never carries their name.
    const id = pseudonym(key, "codestate", changed ? `${dbId}\0${group!.subject.userId}` : dbId);
    if (!writtenStates.has(id)) {
      writtenStates.add(id);
      stats.codeStates++;
      const names = new Set<string>();
      for (const f of scrubbed) {
        let name = f.name;
        for (let n = 2; names.has(name); n++) name = `${n}-${f.name}`;
        names.add(name);
        await zip.addFile(`CodeStates/${id}/${name}`, f.content);
      }
    }
    stateIds.set(dbId, id);
    return (lastState = id);
  };

  const startGroup = async (next: Group) => {
    flushRun();
    group = next;
    subjectId = pseudonym(key, "subject", next.subject.userId);
    assignmentId = assignmentIdOf(next.assignmentId);
    graded = (assignments.get(next.assignmentId)?.points ?? 0) > 0;
    if (sessionIds.size > 10_000) sessionIds.clear();
    subjects.add(next.subject.userId);
    // Each subject's groups come within one run of 100 subjects (source.ts), so 200 scrubbers (compiled patterns
    // each) cover every return to a subject.
    scrub = scrubberFor(scrubbers, next.subject);
    if (scrubbers.size > 200) scrubbers = new Map();
    lastState = "";
    stateIds = new Map();
    mainFile = safeFileName(assignments.get(next.assignmentId)?.mainFile ?? "main.py");
  };

  const sessionPseudonym = (id: string) => {
    let p = sessionIds.get(id);
    if (!p) sessionIds.set(id, (p = pseudonym(key, "session", id)));
    return p;
  };

  const handle = async (item: SourceItem) => {
    if (item.kind === "submit") {
      flushRun();
      const r = item.row;
      const state = await codeState(r.codeStateId, r.files);
      const time = r.clientSavedAt ?? r.createdAt;
      const executionId = r.runId ? pseudonym(key, "execution", r.runId) : null;
      const score = r.runId && r.maxScore ? Math.min(1, Math.max(0, (r.rawScore ?? 0) / r.maxScore)) : null;
      emit({ EventType: "Submit", CodeStateID: state, ClientTimestamp: isoWithOffset(time, null), ServerTimestamp: isoWithOffset(r.createdAt), Attempt: r.attempt, ExecutionID: executionId, Score: score === null ? null : round(score) });
      for (const test of r.results ?? []) {
        emit({
          EventType: "Run.Test",
          CodeStateID: state,
          ClientTimestamp: isoWithOffset(time, null),
          ServerTimestamp: isoWithOffset(r.createdAt),
          Attempt: r.attempt,
          ExecutionID: executionId,
          TestID: `${assignmentId}/${test.name}`,
          ExecutionResult: TEST_RESULT[test.status] ?? "Error",
          Score: test.points > 0 ? round(Math.min(1, Math.max(0, test.earned / test.points))) : null,
        });
      }
      return;
    }
    if (item.kind === "override") {
      flushRun();
      const points = assignments.get(group!.assignmentId)?.points ?? 0;
      emit({
        EventType: "Intervention",
        ServerTimestamp: isoWithOffset(item.row.createdAt),
        EventInitiator: "InstructorDirectAction",
        InterventionCategory: "EarnedGrade",
        InterventionType: "GradeOverride",
        InterventionMessage: item.row.newScore === null ? "grade removed" : `${item.row.newScore} of ${points} points`,
      });
      return;
    }
    const e = item.row;
    const times = { ClientTimestamp: isoWithOffset(e.clientTimestamp, e.clientTimezone), ServerTimestamp: isoWithOffset(e.serverTimestamp) };
    const data = e.data ?? {};
    const message = typeof data.message === "string" ? scrub(data.message) : "";
    const errorType = typeof data.type === "string" ? data.type : "";
    const endsRun = pendingRun !== null && pendingRunSession === e.sessionId;
    if ((e.eventType === "Compile.Error" || e.eventType === "Run.Error") && endsRun) pendingRun!.ExecutionResult = "Error";
    if (e.eventType === "Run.Error" && endsRun && pendingRun) {
      // Folded into the run it ended: the error text becomes the run's error output (ProgramErrorOutput).
      const resource = `Resources/ProgramErrorOutput/${pseudonym(key, "event", e.id)}.txt`;
      await zip.addFile(resource, `${errorType ? `${errorType}: ` : ""}${message}\n`);
      pendingRun.ProgramErrorOutput = resource;
      stats.folded++;
      return;
    }
    flushRun();
    const state = await codeState(e.codeStateId, e.files);
    switch (e.eventType) {
      case "Session.Start":
      case "Session.End":
        emit({ EventType: e.eventType, CodeStateID: state, ...times, SessionID: sessionPseudonym(e.sessionId) });
        return;
      case "File.Edit":
        emit({ EventType: "File.Edit", CodeStateID: state, ...times, CodeStateSection: typeof data.file === "string" ? safeFileName(data.file) : mainFile, EditType: "GenericEdit" });
        return;
      case "Run.Program":
        pendingRun = { EventType: "Run.Program", CodeStateID: state, ...times, ExecutionResult: typeof data.result === "string" ? data.result : "Success" };
        pendingRunSession = e.sessionId;
        return;
      case "Compile.Error": {
        const parent = emit({ EventType: "Compile", CodeStateID: state, ...times, IsFabricatedEvent: true, CodeStateSection: mainFile, CompileResult: "Error" });
        stats.fabricated++;
        const location = sourceLocationOf(message);
        // Compile.Error requires a SourceLocation; an error whose message names no line becomes a custom event.
        if (location) emit({ EventType: "Compile.Error", CodeStateID: state, ...times, ParentEventID: parent, CodeStateSection: mainFile, CompileMessageType: errorType || "SyntaxError", CompileMessageData: message, SourceLocation: location });
        else emit({ EventType: "X-Compile.Error", CodeStateID: state, ...times, ParentEventID: parent, CompileMessageType: errorType || "SyntaxError", CompileMessageData: message });
        return;
      }
      case "Submit":
        return; // the server's record of the submission (with its score) is exported instead
      default:
        emit({ EventType: e.eventType.startsWith("X-") ? e.eventType : `X-${e.eventType}`, CodeStateID: state, ...times });
    }
  };

  for await (const page of exportItemPages({
    system,
    scope: input.scope,
    subjects: input.subjects,
    extras: true,
    withFiles: true,
    onProgress: (done) => onProgress(done),
  })) {
    signal?.throwIfAborted();
    for (const { group: g, item } of page) {
      if (g !== group) await startGroup(g);
      await handle(item);
      if (flushing) {
        await flushing;
        flushing = undefined;
      }
    }
  }
  flushRun();
  await main.end();
  stats.subjects = subjects.size;
  return { stats, writtenStates };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function scrubberFor(cache: Map<string, (text: string) => string>, subject: ExportSubject) {
  let s = cache.get(subject.userId);
  if (!s) cache.set(subject.userId, (s = createScrubber(subject)));
  return s;
}


/** Where a shard built elsewhere (a worker thread) leaves its parts, in the build's scratch directory. */
export type ShardPaths = { zip: string; centralDirectory: string; mainTable: string };
/** What a shard built elsewhere hands back: its zip fragment's size, its table fragment's CRC and size, its counts. */
export type ShardOutput = { zipBytes: number; table: { crc: number; size: number }; stats: ShardStats };

/**
 * Builds a shard into files: a zip fragment (ZipWriter.fragment) and a table fragment (DeflatedFile `fragment`),
 * which the build joins into its own archive.
 */
export async function buildShardToFiles({
  input,
  paths,
  system,
  onProgress,
  signal,
}: {
  input: ShardInput;
  paths: ShardPaths;
  system: SystemAuthz;
  onProgress: (doneSubjects: number) => Promise<void>;
  signal?: AbortSignal;
}): Promise<ShardOutput> {
  const file = createWriteStream(paths.zip);
  const closed = finished(file);
  closed.catch(() => undefined);
  const zip = new ZipWriter(
    async (chunk) => {
      if (!file.write(chunk)) await Promise.race([once(file, "drain"), closed]);
    },
    { mtime: input.now, centralDirectoryFile: paths.centralDirectory },
  );
  const mainTable = new DeflatedFile(paths.mainTable, { fragment: true });
  try {
    const { stats } = await buildShard({ input, system, zip, mainTable, onProgress, signal });
    const { bytes } = await zip.fragment();
    return { zipBytes: bytes, table: await mainTable.end(), stats };
  } finally {
    await mainTable.end().catch(() => undefined);
    file.end();
    await closed;
  }
}
