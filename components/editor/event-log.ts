// The coding event log (ProgSnap2 vocabulary): events are queued in IndexedDB first and sent in batches with
// client-generated ids, so retries never duplicate and a reload, a closed tab or an offline period loses nothing.
import type { EventType } from "@/lib/events/schema";
import type { StarterFile } from "@/lib/grading/types";
import { ApiError, workFetch } from "./api";
import { dropQueuedEvents, queueEvents, readQueuedEvents } from "./local-store";

const BATCH = 200;
const FLUSH_MS = 4_000;

export class EventLog {
  private readonly sessionId = crypto.randomUUID();
  private readonly timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  private submissionId: string | null = null;

  constructor(
    private readonly key: string,
    private readonly token?: string,
    private readonly enabled = true,
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
    void queueEvents([{ id: event.id, key: this.key, event }]);
  }

  /** Sends queued events in batches until the queue is empty or the network fails. */
  flush(options: { keepalive?: boolean } = {}): Promise<void> {
    this.flushing ??= this.send(options).finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async send({ keepalive }: { keepalive?: boolean }): Promise<void> {
    if (!this.submissionId || !this.enabled) return;
    for (;;) {
      const queued = await readQueuedEvents(this.key, keepalive ? 40 : BATCH);
      if (queued.length === 0) return;
      try {
        await workFetch(`/api/submissions/${this.submissionId}/events`, {
          method: "POST",
          body: { events: queued.map((q) => q.event) },
          token: this.token,
          keepalive,
        });
      } catch (error) {
        // Offline or a server hiccup: the events stay queued for the next flush. A batch the server refuses as
        // invalid (4xx other than auth) would block the queue forever, so it is dropped.
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429) {
          await dropQueuedEvents(queued.map((q) => q.id));
          continue;
        }
        return;
      }
      await dropQueuedEvents(queued.map((q) => q.id));
      if (keepalive) return;
    }
  }
}
