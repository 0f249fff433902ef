// The coding event log (ProgSnap2 vocabulary): events are queued in IndexedDB first and sent in batches with
// client-generated ids, so retries never duplicate and a reload, a closed tab or an offline period loses nothing.
import type { EventType } from "@/lib/events/schema";
import type { StarterFile } from "@/lib/grading/types";
import { ApiError, workFetch } from "./api";
import { dropQueuedEvents, queueEvents, quarantineEvents, readQueuedEvents, type QueuedEvent } from "./local-store";

const BATCH = 200;
const FLUSH_MS = 4_000;
const MAX_BACKOFF_MS = 60_000;

/** Where queued events live and how a batch reaches the server; the browser's IndexedDB and fetch by default. */
export type EventQueueDeps = {
  queue: (events: QueuedEvent[]) => Promise<void>;
  read: (key: string, limit: number) => Promise<QueuedEvent[]>;
  drop: (ids: string[]) => Promise<void>;
  /** Keeps events the server refused on the device, out of the queue (never sent again, never lost). */
  quarantine: (events: QueuedEvent[], reason: string) => Promise<void>;
  post: (submissionId: string, events: Record<string, unknown>[], options: { token?: string; keepalive?: boolean }) => Promise<void>;
  now: () => number;
};

const browserDeps: EventQueueDeps = {
  queue: queueEvents,
  read: readQueuedEvents,
  drop: dropQueuedEvents,
  quarantine: quarantineEvents,
  post: async (submissionId, events, { token, keepalive }) => {
    await workFetch(`/api/submissions/${submissionId}/events`, { method: "POST", body: { events }, token, keepalive });
  },
  now: () => Date.now(),
};

/**
 * Worth sending again later: no answer, a server failure, rate limiting, or an expired sign-in. Anything else is the
 * server refusing these events (400 invalid, 413 too large, 404 gone) and sending them again would fail again.
 */
function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.offline || error.status >= 500 || error.status === 429 || error.status === 401 || error.status === 403;
}

export class EventLog {
  private readonly sessionId = crypto.randomUUID();
  private readonly timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  private submissionId: string | null = null;
  private backoff = 0;
  private notBefore = 0;

  constructor(
    private readonly key: string,
    private readonly token?: string,
    private readonly enabled = true,
    private readonly deps: EventQueueDeps = browserDeps,
  ) {}

  /** Starts periodic sending once the submission exists (events recorded before wait in the queue). */
  attach(submissionId: string): void {
    this.submissionId = submissionId;
    this.timer ??= setInterval(() => void this.flush(), FLUSH_MS);
    void this.flush();
  }

  detach(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Records one event (queued locally at once). */
  record(type: EventType, extra: { files?: StarterFile[]; data?: Record<string, string | number | boolean | null> } = {}): void {
    if (!this.enabled) return;
    const event = {
      id: crypto.randomUUID(),
      sessionId: this.sessionId,
      type,
      clientTimestamp: new Date().toISOString(),
      timezone: this.timezone,
      ...extra,
    };
    void this.deps.queue([{ id: event.id, key: this.key, event }]);
  }

  /**
   * Sends queued events in batches until the queue is empty or the server cannot take them now. After a failure
   * the periodic flush backs off (doubling up to a minute); `force` (page hide, back online) sends anyway.
   */
  flush(options: { keepalive?: boolean; force?: boolean } = {}): Promise<void> {
    if (!options.force && !options.keepalive && this.deps.now() < this.notBefore) return Promise.resolve();
    this.flushing ??= this.send(options).finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async send({ keepalive }: { keepalive?: boolean }): Promise<void> {
    if (!this.submissionId || !this.enabled) return;
    for (;;) {
      const queued = await this.deps.read(this.key, keepalive ? 40 : BATCH);
      if (queued.length === 0) break;
      if ((await this.sendSplitting(queued, keepalive)) === "later") {
        this.backoff = Math.min(Math.max(this.backoff * 2, FLUSH_MS), MAX_BACKOFF_MS);
        this.notBefore = this.deps.now() + this.backoff;
        return;
      }
      if (keepalive) break;
    }
    this.backoff = 0;
    this.notBefore = 0;
  }

  /**
   * Sends a batch; when the server refuses it, halves it until the refused events are found, so one bad event
   * is set aside and never holds back the events behind it.
   */
  private async sendSplitting(batch: QueuedEvent[], keepalive?: boolean): Promise<"sent" | "later"> {
    try {
      await this.deps.post(this.submissionId!, batch.map((q) => q.event), { token: this.token, keepalive });
    } catch (error) {
      if (retryable(error)) return "later";
      if (batch.length === 1) {
        await this.deps.quarantine(batch, (error as Error).message);
        return "sent";
      }
      const half = Math.ceil(batch.length / 2);
      for (const part of [batch.slice(0, half), batch.slice(half)]) {
        if ((await this.sendSplitting(part, keepalive)) === "later") return "later";
      }
      return "sent";
    }
    await this.deps.drop(batch.map((q) => q.id));
    return "sent";
  }
}
