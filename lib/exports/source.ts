import type { SystemAuthz } from "@/lib/auth/authz";
import {
  selectExportOverrides,
  selectExportSubmissions,
  selectExportSubmits,
  type ExportScope,
  type ExportSubject,
  type OverrideRow,
  type SubmitRow,
} from "@/lib/models/export-data";
import { pageExportEvents, type EventRow } from "@/lib/models/export-events";

/** One thing that happened in a student's work on one assignment, in time order within that group. */
export type SourceItem =
  | { kind: "event"; row: EventRow }
  | { kind: "submit"; row: SubmitRow }
  | { kind: "override"; row: OverrideRow };

/** A student's work on one assignment (one or more submissions, one per LMS placement). */
export type Group = { subject: ExportSubject; assignmentId: string; submissionIds: string[] };

const SUBJECTS_PER_CHUNK = 100;
const GROUPS_PER_BATCH = 200;
/** Items handed to a builder per event-loop turn (a few milliseconds of CSV writing). */
const ITEMS_PER_TURN = 500;

const itemTime = (item: SourceItem): number =>
  item.kind === "event"
    ? item.row.clientTimestamp.getTime()
    : item.kind === "submit"
      ? (item.row.clientSavedAt ?? item.row.createdAt).getTime()
      : item.row.createdAt.getTime();

/** An item of one group; the items of a group come together, so a change of `group` ends the previous one. */
export type GroupItem = { group: Group; item: SourceItem };

/**
 * Streams every group in scope with its items in time order: coding events from the database pages, and, with
 * `extras`, each submitted version (with its grading run) and each staff grade override, merged in by time.
 * Items come a database page at a time (arrays of a few thousand): a million events are a few hundred awaits, not a
 * million async-generator steps (which cost more than writing the CSV rows; issue 15's bench).
 * Calls `onProgress(done, total)` (in subjects) as it goes. Memory: one page of events plus one batch's extras.
 */
export async function* exportItemPages({
  system,
  scope,
  subjects,
  extras,
  withFiles,
  dataAsText = false,
  clientEventIds = true,
  eventIdsOf = "all",
  onProgress,
}: {
  system: SystemAuthz;
  scope: ExportScope;
  subjects: ExportSubject[];
  extras: boolean;
  withFiles: boolean;
  /** Events carry their data as JSON text (`dataText`) rather than parsed. */
  dataAsText?: boolean;
  /** Events carry the browser's event id (`clientEventId`). */
  clientEventIds?: boolean;
  /** The event types whose rows carry Lantern's event id (`id`; see pageExportEvents). */
  eventIdsOf?: readonly string[] | "all";
  onProgress?: (done: number, total: number) => Promise<void>;
}): AsyncGenerator<GroupItem[]> {
  const ctx = { system, scope };
  // One batch ahead: the next batch's submissions, extras and first page of events are asked for while this batch's
  // pages are written (a batch started with three round trips the builder sat waiting for: a tenth of a
  // million-event ProgSnap2 build was idle; issue 15's bench). A caller that stops early leaves the lookahead
  // unanswered: its failure is kept from being an unhandled rejection.
  const start = (batch: Group[]) => {
    const pages = batchPages({ ctx, batch, extras, withFiles, dataAsText, clientEventIds, eventIdsOf });
    const first = pages.next();
    first.catch(() => undefined);
    return { pages, first };
  };
  const plan = batchesOf({ ctx, subjects });
  let next = await plan.next();
  let started = next.done ? null : start(next.value.batch);
  while (started && !next.done) {
    const { done } = next.value;
    const current = started;
    next = await plan.next();
    started = next.done ? null : start(next.value.batch);
    for (let result = await current.first; !result.done; result = await current.pages.next()) {
      const page = result.value;
      for (let i = 0; i < page.length; i += ITEMS_PER_TURN) {
        // Exports run inside the web process without Inngest: give waiting requests their turn between slices, or a
        // page of thousands of rows holds the event loop for tens of milliseconds (bare-route p95 went to 7× idle).
        await new Promise((resolve) => setImmediate(resolve));
        yield page.length <= ITEMS_PER_TURN ? page : page.slice(i, i + ITEMS_PER_TURN);
      }
    }
    if (done !== null) await onProgress?.(done, subjects.length);
  }
}

/**
 * The groups in scope, a batch at a time, subjects in runs of SUBJECTS_PER_CHUNK: `done` is the number of subjects
 * finished once the batch is written (null until the last batch of a run).
 */
async function* batchesOf({ ctx, subjects }: { ctx: { system: SystemAuthz; scope: ExportScope }; subjects: ExportSubject[] }): AsyncGenerator<{ batch: Group[]; done: number | null }> {
  for (let first = 0; first < subjects.length; first += SUBJECTS_PER_CHUNK) {
    const chunk = subjects.slice(first, first + SUBJECTS_PER_CHUNK);
    const bySubject = new Map(chunk.map((s) => [s.userId, s]));
    const submissions = await selectExportSubmissions({ ...ctx, userIds: chunk.map((s) => s.userId) });
    const groups: Group[] = [];
    for (const sub of submissions) {
      const last = groups[groups.length - 1];
      if (last && last.subject.userId === sub.userId && last.assignmentId === sub.assignmentId) last.submissionIds.push(sub.id);
      else groups.push({ subject: bySubject.get(sub.userId)!, assignmentId: sub.assignmentId, submissionIds: [sub.id] });
    }
    const done = Math.min(first + SUBJECTS_PER_CHUNK, subjects.length);
    if (groups.length === 0) yield { batch: [], done };
    for (let g = 0; g < groups.length; g += GROUPS_PER_BATCH) {
      yield { batch: groups.slice(g, g + GROUPS_PER_BATCH), done: g + GROUPS_PER_BATCH >= groups.length ? done : null };
    }
  }
}

async function loadExtras(ctx: { system: SystemAuthz; scope: ExportScope }, submissionIds: string[], groupOf: Map<string, Group>, withFiles: boolean) {
  const byGroup = new Map<Group, SourceItem[]>();
  const [submits, overrides] = await Promise.all([
    selectExportSubmits({ ...ctx, submissionIds, withFiles }),
    selectExportOverrides({ ...ctx, submissionIds }),
  ]);
  const items: SourceItem[] = [
    ...submits.map((row) => ({ kind: "submit" as const, row })),
    ...overrides.map((row) => ({ kind: "override" as const, row })),
  ];
  for (const item of items) {
    const g = groupOf.get(item.row.submissionId)!;
    const list = byGroup.get(g) ?? [];
    list.push(item);
    byGroup.set(g, list);
  }
  for (const list of byGroup.values()) list.sort((a, b) => itemTime(a) - itemTime(b));
  return byGroup;
}

async function* batchPages({
  ctx,
  batch,
  extras,
  withFiles,
  dataAsText,
  clientEventIds,
  eventIdsOf,
}: {
  ctx: { system: SystemAuthz; scope: ExportScope };
  batch: Group[];
  extras: boolean;
  withFiles: boolean;
  dataAsText: boolean;
  clientEventIds: boolean;
  eventIdsOf: readonly string[] | "all";
}): AsyncGenerator<GroupItem[]> {
  const groupOf = new Map<string, Group>();
  for (const g of batch) for (const id of g.submissionIds) groupOf.set(id, g);
  const pendingExtras = extras ? await loadExtras(ctx, [...groupOf.keys()], groupOf, withFiles) : new Map<Group, SourceItem[]>();

  // Groups with one submission share one paged query; a student with several placements of one assignment gets a
  // query of their own so their events interleave by time.
  const queries = [
    { ids: batch.filter((g) => g.submissionIds.length === 1).map((g) => g.submissionIds[0]), merged: false },
    ...batch.filter((g) => g.submissionIds.length > 1).map((g) => ({ ids: g.submissionIds, merged: true })),
  ];
  const seen = new Set<Group>();
  for (const query of queries) {
    let current: Group | null = null;
    let queue: SourceItem[] = [];
    let next = 0;
    for await (const page of pageExportEvents({ ...ctx, submissionIds: query.ids, merged: query.merged, withFiles, dataAsText, clientEventIds, eventIdsOf })) {
      const out: GroupItem[] = [];
      for (const row of page) {
        const group = groupOf.get(row.submissionId)!;
        if (group !== current) {
          if (current) for (; next < queue.length; next++) out.push({ group: current, item: queue[next] });
          current = group;
          seen.add(group);
          queue = pendingExtras.get(group) ?? [];
          next = 0;
        }
        const at = row.clientTimestamp.getTime();
        for (; next < queue.length && itemTime(queue[next]) <= at; next++) out.push({ group, item: queue[next] });
        out.push({ group, item: { kind: "event", row } });
      }
      yield out;
    }
    const rest: GroupItem[] = [];
    if (current) for (; next < queue.length; next++) rest.push({ group: current, item: queue[next] });
    if (rest.length) yield rest;
  }
  // Groups with no events in range still carry their submissions and overrides.
  const unseen: GroupItem[] = [];
  for (const group of batch) {
    if (seen.has(group)) continue;
    for (const item of pendingExtras.get(group) ?? []) unseen.push({ group, item });
  }
  if (unseen.length) yield unseen;
}
