// Test fixtures for grade passback: an LTI-linked submission and a fake AGS endpoint with failure injection.
import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import * as s from "@/db/schema";
import type { AgsClient, LmsResult } from "./lms-client";
import type { ScorePayload } from "./score-payload";

let counter = 0;

/** Creates a platform/deployment/context/course/assignment and returns a function that makes linked students. */
export async function linkedAssignment(db: Database, opts: { issuer?: string; lineItem?: string | null } = {}) {
  const n = ++counter;
  const [platform] = await db
    .insert(s.ltiPlatforms)
    .values({ issuer: opts.issuer ?? `https://lms${n}.example`, clientId: `c${n}`, name: "LMS", authLoginUrl: "https://lms.example/auth", authTokenUrl: "https://lms.example/token", jwksUrl: "https://lms.example/jwks", registeredVia: "manual" })
    .returning();
  const [deployment] = await db.insert(s.ltiDeployments).values({ platformId: platform.id, deploymentId: "d1" }).returning();
  const [course] = await db.insert(s.courses).values({ title: `Course ${n}` }).returning();
  const [assignment] = await db.insert(s.assignments).values({ courseId: course.id, title: `Loops ${n}`, points: 10 }).returning();
  const lineitems = `https://lms${n}.example/lineitems`;
  const [context] = await db.insert(s.ltiContexts).values({ platformId: platform.id, contextId: `ctx${n}`, courseId: course.id, ags: { lineitems } }).returning();
  const lineitem = opts.lineItem === undefined ? `${lineitems}/1` : opts.lineItem;
  const [link] = await db
    .insert(s.ltiResourceLinks)
    .values({ deploymentRowId: deployment.id, contextRowId: context.id, resourceLinkId: `rl${n}`, assignmentId: assignment.id, ags: { lineitems, ...(lineitem ? { lineitem } : {}) } })
    .returning();

  async function student(i: number, { launched = true, viaLink = true } = {}) {
    const [user] = await db.insert(s.users).values({ name: `Student ${i}` }).returning();
    if (launched) await db.insert(s.ltiUsers).values({ platformId: platform.id, sub: `sub-${n}-${i}`, userId: user.id });
    const [submission] = await db
      .insert(s.submissions)
      .values({ courseId: course.id, assignmentId: assignment.id, userId: user.id, resourceLinkRowId: viaLink ? link.id : null, status: "graded", submittedAt: new Date() })
      .returning();
    return { user, submission, sub: `sub-${n}-${i}` };
  }
  const launch = (userId: string, sub: string) => db.insert(s.ltiUsers).values({ platformId: platform.id, sub, userId });
  const outbox = (submissionId: string) => db.select().from(s.gradeOutbox).where(eq(s.gradeOutbox.submissionId, submissionId));
  return { platform, assignment, link, lineitems, lineitem, student, launch, outbox };
}

type Fault = { status: number; retryAfter?: string; message: string } | "network";

/**
 * A fake AGS service that behaves like an LMS gradebook: keeps the score with the latest timestamp per user and
 * line item (AGS §3.4), records every call, and fails on demand.
 */
export class FakeAgs implements AgsClient {
  calls: { kind: string; url: string; payload?: ScorePayload }[] = [];
  gradebook = new Map<string, ScorePayload>();
  lineItems: { id: string; resourceLinkId: string; resourceId?: string }[] = [];
  faults: Fault[] = [];
  /** Fails this fraction of calls with 503, or 429, chosen by `random`. */
  constructor(private readonly chaos?: { failEvery: number; random: () => number }) {}

  private fault(): Fault | undefined {
    const queued = this.faults.shift();
    if (queued) return queued;
    if (this.chaos && this.chaos.random() < 1 / this.chaos.failEvery) {
      return this.chaos.random() < 0.5 ? { status: 503, message: "Service Unavailable" } : { status: 429, retryAfter: "0", message: "Too Many Requests" };
    }
  }

  private failure<T>(f: Fault): LmsResult<T> {
    return f === "network"
      ? { ok: false, failure: { status: null, message: "socket hang up" } }
      : { ok: false, failure: { status: f.status, retryAfter: f.retryAfter, message: f.message } };
  }

  async postScore({ lineItemUrl, payload }: { platformId: string; lineItemUrl: string; payload: ScorePayload }): Promise<LmsResult<null>> {
    this.calls.push({ kind: "score", url: lineItemUrl, payload });
    const f = this.fault();
    if (f) return this.failure(f);
    const key = `${lineItemUrl} ${payload.userId}`;
    const current = this.gradebook.get(key);
    if (!current || current.timestamp <= payload.timestamp) this.gradebook.set(key, payload);
    return { ok: true, value: null };
  }

  async listLineItems({ lineItemsUrl, resourceLinkId }: { platformId: string; lineItemsUrl: string; resourceLinkId: string }) {
    this.calls.push({ kind: "list", url: lineItemsUrl });
    const f = this.fault();
    if (f) return this.failure<{ id: string; resourceId?: string }[]>(f);
    return { ok: true as const, value: this.lineItems.filter((li) => li.resourceLinkId === resourceLinkId) };
  }

  async createLineItem({ lineItemsUrl, lineItem }: Parameters<AgsClient["createLineItem"]>[0]): Promise<LmsResult<string>> {
    this.calls.push({ kind: "create", url: lineItemsUrl });
    const f = this.fault();
    if (f) return this.failure(f);
    const id = `${lineItemsUrl}/${this.lineItems.length + 100}`;
    this.lineItems.push({ id, resourceLinkId: lineItem.resourceLinkId, resourceId: lineItem.resourceId });
    return { ok: true, value: id };
  }
}
