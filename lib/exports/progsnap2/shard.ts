import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { SystemAuthz } from "@/lib/auth/authz";
import type { StarterFile } from "@/lib/grading/types";
import type { ExportAssignment, ExportScope, ExportSubject } from "@/lib/models/export-data";
import { selectCodeStateFiles, type EventRow } from "@/lib/models/export-events";
import { DeflatedFile } from "../deflated-file";
import { createScrubber, pseudonym, uuidPseudonyms, type PseudonymKey, type UuidPseudonyms } from "../deidentify";
import { exportItemPages, type Group, type GroupItem, type SourceItem } from "../source";
import { isoWithOffset } from "../timestamps";
import { ZipWriter } from "../zip-writer";
import { TOOL_INSTANCES } from "./readme";
import { IdSet } from "./id-set";
import { COLUMN as C, MainTableWriter, newRow, type MainRow } from "./main-table";
import { safeFileName, sourceLocationOf } from "./names";

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
 *
 * The work per event is synchronous (a row array refilled in place, zip entries queued, promises only where a chunk
 * was handed on, awaited once per slice of items): a million events' async steps and row objects were a fifth of a
 * build's CPU, most of it garbage collection (issue 15's bench).
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
  const main = new MainTableWriter((chunk) => mainTable.write(chunk));
  // Chunks handed to the compressor and the zip's sink, awaited once per slice of items: each call hands its bytes
  // on in order when it is made, so waiting later changes nothing but how much is queued.
  let waits: Promise<void>[] = [];
  const wait = (p: Promise<void> | undefined) => {
    if (!p) return;
    p.catch(() => undefined); // awaited below; a failure before then is not unhandled
    waits.push(p);
  };

  const assignments = new Map(input.assignments.map((a) => [a.id, a]));
  const writtenStates = new IdSet();
  const stats: ShardStats = { events: 0, codeStates: 0, fabricated: 0, folded: 0, subjects: 0 };
  let count = 0;
  const courseId = pseudonym(key, "course", input.courseId);
  const assignmentIds = new Map(input.assignments.map((a) => [a.id, pseudonym(key, "assignment", a.id)]));
  const assignmentIdOf = (id: string) => assignmentIds.get(id) ?? pseudonym(key, "assignment", id);
  const sessionIds = new Map<string, string>();
  // A subject's pseudonym, once per subject, not per group (ten assignments: ten HMACs each; issue 15's bench).
  const subjectIds = new Map<string, string>();
  const stateIdOf = uuidPseudonyms(key, "codestate");
  const eventIdOf = uuidPseudonyms(key, "event");
  const executionIdOf = uuidPseudonyms(key, "execution");
  // A code state as scrubbed for one subject: a permutation of the subject's own (made once per subject; each
  // subject's groups come together, source.ts).
  let scrubbedStateIds = new Map<string, UuidPseudonyms>();
  const scrubbedStateIdsOf = (userId: string) => {
    let p = scrubbedStateIds.get(userId);
    if (!p) {
      if (scrubbedStateIds.size > 200) scrubbedStateIds = new Map();
      scrubbedStateIds.set(userId, (p = uuidPseudonyms(key, `codestate scrubbed for ${userId}`)));
    }
    return p;
  };
  let scrubbedStateIdOf: (id: string) => string = stateIdOf;
  // The CodeStateID and scrubbed contents of the item being written, when it brings files: worked out for a whole
  // slice of items before it is written (`prepare`).
  let preparedId: string | null = null;
  let preparedContents: string[] | null = null;
  let assignmentId = "";
  let graded = false;

  // Per-group state (a group = one subject's work on one assignment).
  let group: Group | null = null;
  let subjectId = "";
  let scrub: (text: string) => string = (t) => t;
  let lastState = "";
  let stateIds = new Map<string, string>();
  let mainFile = "main.py";
  let scrubbers = new Map<string, (text: string) => string>();
  const subjects = new Set<string>();
  // safeFileName of the few names a course's files have (its unicode pattern, once per name, not per code state).
  const fileNames = new Map<string, string>();
  const fileNameOf = (name: string) => {
    let safe = fileNames.get(name);
    if (safe === undefined) {
      if (fileNames.size > 10_000) fileNames.clear();
      fileNames.set(name, (safe = safeFileName(name)));
    }
    return safe;
  };

  // The row being written, and a Run.Program held back until the next event says whether it ended in an error.
  const row = newRow();
  const runRow = newRow();
  let runPending = false;
  let pendingRunSession = "";

  /** Clears `r` and sets the columns every event of Lantern's has. */
  const begin = (r: MainRow, type: string, state: string, client: string | null, server: string | null) => {
    r.fill(null);
    r[C.EventType] = type;
    r[C.CodeStateID] = state;
    r[C.ClientTimestamp] = client;
    r[C.ServerTimestamp] = server;
  };
  /** Writes a row begun with `begin`, with the columns every row carries. Returns its EventID. */
  const emit = (r: MainRow = row): string => {
    const order = count++ * shards + shard + 1;
    stats.events++;
    const id = String(order);
    r[C.EventID] = id;
    r[C.Order] = order;
    r[C.SubjectID] = subjectId;
    r[C.ToolInstances] = TOOL_INSTANCES;
    r[C.CourseID] = courseId;
    r[C.AssignmentID] = assignmentId;
    r[C.AssignmentIsGraded] = graded;
    wait(main.write(r));
    return id;
  };
  const flushRun = () => {
    if (!runPending) return;
    runPending = false;
    emit(runRow);
  };

  /** The exported CodeStateID of a stored code state, writing its files the first time (`files` must be known then). */
  const codeState = (dbId: string | null, files: StarterFile[] | null): string => {
    if (!dbId) return lastState;
    const known = stateIds.get(dbId);
    if (known) return (lastState = known);
    const stored = files ?? [];
    let contents = preparedContents;
    let id = preparedId;
    if (!contents || !id) {
      contents = scrubbedContents(stored, scrub);
      // Content scrubbed for this subject gets an id of its own, so a shared code state never carries their name.
      id = contents.some((c, i) => c !== stored[i].content) ? scrubbedStateIdOf(dbId) : stateIdOf(dbId);
    }
    if (writtenStates.insert(id)) {
      stats.codeStates++;
      const names = stored.length > 1 ? new Set<string>() : null;
      for (let i = 0; i < stored.length; i++) {
        const base = fileNameOf(stored[i].name);
        let name = base;
        if (names) {
          for (let n = 2; names.has(name); n++) name = `${n}-${base}`;
          names.add(name);
        }
        wait(zip.queueFile(`CodeStates/${id}/${name}`, contents[i]));
      }
    }
    stateIds.set(dbId, id);
    return (lastState = id);
  };

  const startGroup = (next: Group) => {
    flushRun();
    group = next;
    subjectId = subjectIds.get(next.subject.userId) ?? "";
    if (!subjectId) subjectIds.set(next.subject.userId, (subjectId = pseudonym(key, "subject", next.subject.userId)));
    scrubbedStateIdOf = scrubbedStateIdsOf(next.subject.userId);
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

  const submit = (r: Extract<SourceItem, { kind: "submit" }>["row"], files: StarterFile[] | null) => {
    flushRun();
    const state = codeState(r.codeStateId, files);
    const client = isoWithOffset(r.clientSavedAt ?? r.createdAt, null);
    const server = isoWithOffset(r.createdAt);
    const executionId = r.runId ? executionIdOf(r.runId) : null;
    const score = r.runId && r.maxScore ? Math.min(1, Math.max(0, (r.rawScore ?? 0) / r.maxScore)) : null;
    begin(row, "Submit", state, client, server);
    row[C.Attempt] = r.attempt;
    row[C.ExecutionID] = executionId;
    row[C.Score] = score === null ? null : round(score);
    emit();
    for (const test of r.results ?? []) {
      begin(row, "Run.Test", state, client, server);
      row[C.Attempt] = r.attempt;
      row[C.ExecutionID] = executionId;
      row[C.TestID] = `${assignmentId}/${test.name}`;
      row[C.ExecutionResult] = TEST_RESULT[test.status] ?? "Error";
      row[C.Score] = test.points > 0 ? round(Math.min(1, Math.max(0, test.earned / test.points))) : null;
      emit();
    }
  };

  const override = (r: Extract<SourceItem, { kind: "override" }>["row"]) => {
    flushRun();
    const points = assignments.get(group!.assignmentId)?.points ?? 0;
    begin(row, "Intervention", lastState, null, isoWithOffset(r.createdAt));
    row[C.EventInitiator] = "InstructorDirectAction";
    row[C.InterventionCategory] = "EarnedGrade";
    row[C.InterventionType] = "GradeOverride";
    row[C.InterventionMessage] = r.newScore === null ? "grade removed" : `${r.newScore} of ${points} points`;
    emit();
  };

  /** Whether an event is a Run.Error that ends the pending run (folded into it: no row, no code state of its own). */
  const foldsIntoRun = (e: EventRow) => e.eventType === "Run.Error" && runPending && pendingRunSession === e.sessionId;

  const event = (e: EventRow, files: StarterFile[] | null) => {
    const data = e.data ?? {};
    const endsRun = runPending && pendingRunSession === e.sessionId;
    if ((e.eventType === "Compile.Error" || e.eventType === "Run.Error") && endsRun) runRow[C.ExecutionResult] = "Error";
    if (foldsIntoRun(e)) {
      // Folded into the run it ended: the error text becomes the run's error output (ProgramErrorOutput).
      const resource = `Resources/ProgramErrorOutput/${eventIdOf(e.id!)}.txt`;
      wait(zip.queueFile(resource, `${errorTypeOf(data) ? `${errorTypeOf(data)}: ` : ""}${messageOf(data, scrub)}\n`));
      runRow[C.ProgramErrorOutput] = resource;
      stats.folded++;
      return;
    }
    flushRun();
    const state = codeState(e.codeStateId, files);
    const client = isoWithOffset(e.clientTimestamp, e.clientTimezone);
    const server = isoWithOffset(e.serverTimestamp);
    switch (e.eventType) {
      case "Session.Start":
      case "Session.End":
        begin(row, e.eventType, state, client, server);
        row[C.SessionID] = sessionPseudonym(e.sessionId);
        emit();
        return;
      case "File.Edit":
        begin(row, "File.Edit", state, client, server);
        row[C.CodeStateSection] = typeof data.file === "string" ? fileNameOf(data.file) : mainFile;
        row[C.EditType] = "GenericEdit";
        emit();
        return;
      case "Run.Program":
        begin(runRow, "Run.Program", state, client, server);
        runRow[C.ExecutionResult] = typeof data.result === "string" ? data.result : "Success";
        runPending = true;
        pendingRunSession = e.sessionId;
        return;
      case "Compile.Error": {
        const message = messageOf(data, scrub);
        const errorType = errorTypeOf(data) || "SyntaxError";
        begin(row, "Compile", state, client, server);
        row[C.IsFabricatedEvent] = true;
        row[C.CodeStateSection] = mainFile;
        row[C.CompileResult] = "Error";
        const parent = emit();
        stats.fabricated++;
        const location = sourceLocationOf(message);
        // Compile.Error requires a SourceLocation; an error whose message names no line becomes a custom event.
        begin(row, location ? "Compile.Error" : "X-Compile.Error", state, client, server);
        row[C.ParentEventID] = parent;
        if (location) row[C.CodeStateSection] = mainFile;
        row[C.CompileMessageType] = errorType;
        row[C.CompileMessageData] = message;
        if (location) row[C.SourceLocation] = location;
        emit();
        return;
      }
      case "Submit":
        return; // the server's record of the submission (with its score) is exported instead
      default:
        begin(row, e.eventType.startsWith("X-") ? e.eventType : `X-${e.eventType}`, state, client, server);
        emit();
    }
  };

  /**
   * Writes one item; a promise only in the rare case where a new code state's files must be read first (events
   * carry their files only where the code changed, pageExportEvents; one after a folded error may not).
   */
  const handle = (item: SourceItem): Promise<void> | undefined => {
    if (item.kind === "override") {
      override(item.row);
      return;
    }
    const { codeStateId, files } = item.row;
    const needsFiles = codeStateId !== null && files === null && !stateIds.has(codeStateId) && !(item.kind === "event" && foldsIntoRun(item.row));
    if (needsFiles) return selectCodeStateFiles({ system, codeStateId }).then((read) => write(item, read));
    write(item, files);
  };
  const write = (item: Exclude<SourceItem, { kind: "override" }>, files: StarterFile[] | null) => {
    if (item.kind === "submit") submit(item.row, files);
    else event(item.row, files);
  };

  /**
   * The scrubbed contents and CodeStateIDs of the states that a slice's items bring files for: scrubbed first, so
   * each state's id is worked out one way only (as is, or as scrubbed for the item's subject), one pass of the
   * cipher per subject and way: a call per state was 0.7 s of a million-event build (issue 15's bench).
   */
  const idAt: (string | null)[] = [];
  const contentsAt: (string[] | null)[] = [];
  const prepare = (page: GroupItem[]) => {
    const plain: string[] = [];
    const plainAt: number[] = [];
    const scrubbed: string[] = [];
    const scrubbedAt: number[] = [];
    idAt.length = contentsAt.length = page.length;
    idAt.fill(null);
    contentsAt.fill(null);
    let subject = page.length ? page[0].group.subject : null;
    const flush = () => {
      if (plain.length) stateIdOf.all(plain).forEach((id, k) => (idAt[plainAt[k]] = id));
      if (scrubbed.length) scrubbedStateIdsOf(subject!.userId).all(scrubbed).forEach((id, k) => (idAt[scrubbedAt[k]] = id));
      plain.length = plainAt.length = scrubbed.length = scrubbedAt.length = 0;
    };
    for (let i = 0; i < page.length; i++) {
      const { group: g, item } = page[i];
      if (g.subject !== subject) {
        flush();
        subject = g.subject;
      }
      if (item.kind === "override" || item.row.files === null || item.row.codeStateId === null) continue;
      const files = item.row.files;
      const contents = scrubbedContents(files, scrubberFor(scrubbers, g.subject));
      contentsAt[i] = contents;
      const changed = contents.some((c, k) => c !== files[k].content);
      (changed ? scrubbed : plain).push(item.row.codeStateId);
      (changed ? scrubbedAt : plainAt).push(i);
    }
    flush();
  };

  for await (const page of exportItemPages({
    system,
    scope: input.scope,
    subjects: input.subjects,
    extras: true,
    withFiles: true,
    clientEventIds: false,
    // A folded error's output is named by its event (a Run.Error row always carries its id).
    eventIdsOf: ["Run.Error"],
    onProgress: (done) => onProgress(done),
  })) {
    signal?.throwIfAborted();
    prepare(page);
    for (let i = 0; i < page.length; i++) {
      const { group: g, item } = page[i];
      if (g !== group) startGroup(g);
      preparedId = idAt[i];
      preparedContents = contentsAt[i];
      const reading = handle(item);
      if (reading) await reading;
    }
    preparedId = preparedContents = null;
    if (waits.length) {
      const pending = waits;
      waits = [];
      await Promise.all(pending);
    }
  }
  flushRun();
  await Promise.all(waits);
  await main.end();
  stats.subjects = subjects.size;
  return { stats, writtenStates };
}

const scrubbedContents = (files: StarterFile[], scrub: (text: string) => string) => files.map((f) => scrub(f.content));

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

const errorTypeOf = (data: Record<string, unknown>) => (typeof data.type === "string" ? data.type : "");
const messageOf = (data: Record<string, unknown>, scrub: (text: string) => string) => (typeof data.message === "string" ? scrub(data.message) : "");

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
