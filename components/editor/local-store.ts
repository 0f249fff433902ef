// The browser-side queue (IndexedDB): drafts of the student's files and coding events not yet on the server.
// Everything is written here first, so a reload, a closed tab or an offline period loses nothing.
import type { StarterFile } from "@/lib/grading/types";

export type Draft = { key: string; files: StarterFile[]; changedAt: string; dirty: boolean };
export type QueuedEvent = { id: string; key: string; event: Record<string, unknown>; reason?: string };

const DB_NAME = "lantern-work";
let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore("drafts", { keyPath: "key" });
      db.createObjectStore("events", { keyPath: "id" }).createIndex("key", "key");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opening;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function store(name: "drafts" | "events", mode: IDBTransactionMode) {
  return (await open()).transaction(name, mode).objectStore(name);
}

export async function readDraft(key: string): Promise<Draft | null> {
  return (await done((await store("drafts", "readonly")).get(key))) ?? null;
}

export async function writeDraft(draft: Draft): Promise<void> {
  await done((await store("drafts", "readwrite")).put(draft));
}

/** Marks a draft saved, unless it changed again since (`changedAt` differs). */
export async function markDraftSaved(key: string, changedAt: string): Promise<void> {
  const draft = await readDraft(key);
  if (draft && draft.changedAt === changedAt) await writeDraft({ ...draft, dirty: false });
}

export async function queueEvents(events: QueuedEvent[]): Promise<void> {
  const s = await store("events", "readwrite");
  await Promise.all(events.map((e) => done(s.put(e))));
}

export async function readQueuedEvents(key: string, limit: number): Promise<QueuedEvent[]> {
  return done((await store("events", "readonly")).index("key").getAll(key, limit));
}

export async function dropQueuedEvents(ids: string[]): Promise<void> {
  const s = await store("events", "readwrite");
  await Promise.all(ids.map((id) => done(s.delete(id))));
}

/**
 * Moves events the server refused out of the queue (their `key` gets a `#refused` suffix, so `readQueuedEvents`
 * no longer returns them) but keeps them on the device with the reason.
 */
export async function quarantineEvents(events: QueuedEvent[], reason: string): Promise<void> {
  const s = await store("events", "readwrite");
  await Promise.all(events.map((e) => done(s.put({ ...e, key: `${e.key}#refused`, reason }))));
}
