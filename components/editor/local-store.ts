// The browser-side queue (IndexedDB): drafts of the student's files and coding events not yet on the server.
// Everything is written here first, so a reload, a closed tab or an offline period loses nothing.
// Where the browser refuses IndexedDB — a third-party frame in an LMS with third-party storage blocked (Safari,
// Chrome's setting, private windows) — the same queue lives in this tab's memory: saving and event logging still
// work, but a closed tab takes unsent work with it, and the editor says so (`keptOnDevice`).
import type { StarterFile } from "@/lib/grading/types";

export type Draft = { key: string; files: StarterFile[]; changedAt: string; dirty: boolean };
export type QueuedEvent = { id: string; key: string; event: Record<string, unknown>; reason?: string };

const DB_NAME = "lantern-work";
let opening: Promise<IDBDatabase | null> | null = null;
const memory = { drafts: new Map<string, Draft>(), events: new Map<string, QueuedEvent>() };

/** The database, or null when the browser refuses it (then `memory` holds the queue). */
function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore("drafts", { keyPath: "key" });
      db.createObjectStore("events", { keyPath: "id" }).createIndex("key", "key");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).catch(() => null);
  return opening;
}

/** Whether unsent work survives a closed tab here (IndexedDB works), or only lives in this tab. */
export async function keptOnDevice(): Promise<boolean> {
  return (await open()) !== null;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function store(db: IDBDatabase, name: "drafts" | "events", mode: IDBTransactionMode) {
  return db.transaction(name, mode).objectStore(name);
}

export async function readDraft(key: string): Promise<Draft | null> {
  const db = await open();
  if (!db) return memory.drafts.get(key) ?? null;
  return (await done(store(db, "drafts", "readonly").get(key))) ?? null;
}

export async function writeDraft(draft: Draft): Promise<void> {
  const db = await open();
  if (db) await done(store(db, "drafts", "readwrite").put(draft));
  else memory.drafts.set(draft.key, draft);
}

/** Marks a draft saved, unless it changed again since (`changedAt` differs). */
export async function markDraftSaved(key: string, changedAt: string): Promise<void> {
  const draft = await readDraft(key);
  if (draft && draft.changedAt === changedAt) await writeDraft({ ...draft, dirty: false });
}

export async function queueEvents(events: QueuedEvent[]): Promise<void> {
  const db = await open();
  if (!db) {
    events.forEach((e) => memory.events.set(e.id, e));
    return;
  }
  const s = store(db, "events", "readwrite");
  await Promise.all(events.map((e) => done(s.put(e))));
}

export async function readQueuedEvents(key: string, limit: number): Promise<QueuedEvent[]> {
  const db = await open();
  if (!db) return [...memory.events.values()].filter((e) => e.key === key).slice(0, limit);
  return done(store(db, "events", "readonly").index("key").getAll(key, limit));
}

export async function dropQueuedEvents(ids: string[]): Promise<void> {
  const db = await open();
  if (!db) {
    ids.forEach((id) => memory.events.delete(id));
    return;
  }
  const s = store(db, "events", "readwrite");
  await Promise.all(ids.map((id) => done(s.delete(id))));
}

/**
 * Moves events the server refused out of the queue (their `key` gets a `#refused` suffix, so `readQueuedEvents`
 * no longer returns them) but keeps them on the device with the reason.
 */
export async function quarantineEvents(events: QueuedEvent[], reason: string): Promise<void> {
  await queueEvents(events.map((e) => ({ ...e, key: `${e.key}#refused`, reason })));
}
