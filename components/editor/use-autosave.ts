"use client";
// Autosave: every change is written to IndexedDB at once, then sent to the server after a short pause, with
// retries (exponential backoff, and at once when the browser comes back online). The status line tells the
// student where their work is: a server that keeps failing is shown as an error after a few attempts (not as
// "offline" forever), and the work stays on the device until a later save reaches the server.
import { useEffect, useState } from "react";
import type { StarterFile } from "@/lib/grading/types";
import { ApiError, workFetch } from "./api";
import { markDraftSaved, writeDraft } from "./local-store";

export type SaveStatus =
  | { kind: "saved"; at: string | null }
  | { kind: "saving" }
  | { kind: "offline" }
  | { kind: "error"; message: string }
  | { kind: "readonly" };

const DEBOUNCE_MS = 800;
const MAX_BACKOFF_MS = 30_000;
/** Server failures (5xx, 429) retried quietly before the status line says so. */
export const QUIET_ATTEMPTS = 3;
/** Server failures after which automatic retries stop until the next change, reconnect or tab switch. */
export const MAX_SERVER_ATTEMPTS = 6;

type Pending = { files: StarterFile[]; changedAt: string; kind: "autosave" | "restore" };
type Job = Pending & { submissionId: string; token?: string };
/** How a save reaches the server and the device's copy is marked saved; fetch and IndexedDB by default. */
export type AutosaveDeps = {
  put: (job: Job) => Promise<{ savedAt: string }>;
  writeDraft: typeof writeDraft;
  markDraftSaved: typeof markDraftSaved;
};
type Options = {
  draftKey: string;
  ensureSubmission: () => Promise<string>;
  token?: string;
  readOnly: boolean;
  initialSavedAt: string | null;
  deps?: AutosaveDeps;
};

const browserDeps: AutosaveDeps = {
  put: (job) =>
    workFetch<{ savedAt: string }>(`/api/submissions/${job.submissionId}/files`, {
      method: "PUT",
      body: { files: job.files, clientSavedAt: job.changedAt, kind: job.kind },
      token: job.token,
    }),
  writeDraft,
  markDraftSaved,
};

/** The save queue behind the hook: at most one request in flight, always sending the newest files. */
export class Autosaver {
  status: SaveStatus;
  private listeners = new Set<(status: SaveStatus) => void>();
  private pending: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private backoff = 1000;
  private serverFailures = 0;
  private inFlight = false;
  private readonly deps: AutosaveDeps;

  constructor(private readonly options: Options) {
    this.status = options.readOnly ? { kind: "readonly" } : { kind: "saved", at: options.initialSavedAt };
    this.deps = options.deps ?? browserDeps;
  }

  private resetRetries() {
    this.backoff = 1000;
    this.serverFailures = 0;
  }

  private set(status: SaveStatus) {
    this.status = status;
    this.listeners.forEach((l) => l(status));
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.push(), ms);
  }

  /** Records a change: IndexedDB now, the server after a pause. */
  change(files: StarterFile[], kind: "autosave" | "restore" = "autosave"): void {
    if (this.options.readOnly) return;
    const changedAt = new Date().toISOString();
    this.pending = { files, changedAt, kind };
    // Where the browser refuses IndexedDB the draft lives in the tab's memory (local-store.ts); a write that still
    // fails (a full disk) loses only the device copy, and the save to the server goes ahead.
    this.deps.writeDraft({ key: this.options.draftKey, files, changedAt, dirty: true }).catch(() => {});
    if (this.status.kind !== "offline" && this.status.kind !== "error") this.set({ kind: "saving" });
    this.resetRetries();
    this.schedule(kind === "restore" ? 0 : DEBOUNCE_MS);
  }

  /** Queues work found in IndexedDB on load (changes the server has not seen yet). */
  resume(files: StarterFile[], changedAt: string): void {
    this.pending = { files, changedAt, kind: "autosave" };
    this.schedule(0);
  }

  /** Sends a pending change now (before submit, when the tab is hidden, when the network returns). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.resetRetries();
    await this.push();
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async push(): Promise<void> {
    const job = this.pending;
    if (this.inFlight || !job || this.options.readOnly) return;
    this.inFlight = true;
    if (this.status.kind !== "error") this.set({ kind: "saving" });
    try {
      const submissionId = await this.options.ensureSubmission();
      const saved = await this.deps.put({ ...job, submissionId, token: this.options.token });
      // The server has the files: a device copy that cannot be marked saved is no reason to say "offline".
      await this.deps.markDraftSaved(this.options.draftKey, job.changedAt).catch(() => {});
      this.resetRetries();
      if (this.pending === job) {
        this.pending = null;
        this.set({ kind: "saved", at: saved.savedAt });
      } else {
        this.schedule(0);
      }
    } catch (error) {
      this.failed(error);
    } finally {
      this.inFlight = false;
    }
  }

  /**
   * No answer: retried with backoff while the status says offline. A server failure: retried quietly a few
   * times, then shown, then left until the next change. A refusal (4xx): shown at once; sending the same files
   * again would be refused again. The device's copy stays marked unsaved in every case.
   */
  private failed(error: unknown) {
    const offline = !(error instanceof ApiError) || error.offline;
    const serverFailure = error instanceof ApiError && (error.status >= 500 || error.status === 429);
    const message = (error as Error).message;
    if (offline) {
      this.set({ kind: "offline" });
    } else if (serverFailure) {
      this.serverFailures += 1;
      if (this.serverFailures >= QUIET_ATTEMPTS) this.set({ kind: "error", message });
      if (this.serverFailures >= MAX_SERVER_ATTEMPTS) return;
    } else {
      this.set({ kind: "error", message });
      return;
    }
    this.schedule(this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }
}

/** Autosave for the editor; the returned saver is stable for the component's life. */
export function useAutosave(options: Options) {
  const [saver] = useState(() => new Autosaver(options));
  const [status, setStatus] = useState<SaveStatus>(saver.status);
  useEffect(() => {
    const unsubscribe = saver.subscribe(setStatus);
    const online = () => void saver.flush();
    const hidden = () => {
      if (document.visibilityState === "hidden") void saver.flush();
    };
    window.addEventListener("online", online);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.removeEventListener("online", online);
      document.removeEventListener("visibilitychange", hidden);
      unsubscribe();
      saver.dispose();
    };
  }, [saver]);
  return { status, saver };
}

/**
 * The words the status line shows. `onDevice` is false where the browser refuses device storage (local-store.ts):
 * unsent work then lives only in this tab, and the student must not be told it is kept on the device.
 */
export function statusText(status: SaveStatus, onDevice = true): string {
  const kept = onDevice ? "Your work is kept on this device." : "Keep this tab open until it is saved: this browser does not let Lantern keep a copy on this device.";
  switch (status.kind) {
    case "saved":
      return status.at ? "Saved" : "No changes yet";
    case "saving":
      return "Saving…";
    case "offline":
      return onDevice ? "Offline — your work is kept on this device" : `Offline — not saved yet. ${kept}`;
    case "error":
      return `Not saved: ${status.message.replace(/\.?$/, ".")} ${kept}`;
    case "readonly":
      return "Viewing as a student — changes are not saved";
  }
}
