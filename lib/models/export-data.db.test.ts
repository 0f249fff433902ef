import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { seedScale, type ScaleSeed } from "@/db/seed/scale";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { idsFrom, pageExportVersions, type ExportScope } from "./export-data";
import { pageExportEvents } from "./export-events";

// Keyset paging over many submissions at once (issue 15): small pages must return every event exactly once, in
// (submission, time, id) order, also when a page ends in the middle of a submission.

const database = withTestDatabase();
let seed: ScaleSeed;
let submissionIds: string[];
let scope: ExportScope;

beforeAll(async () => {
  const db = database.handle().db;
  seed = await seedScale(db, { students: 4, assignments: 3, eventsPerStudent: 30, title: "Paging test" });
  const rows = await db.select({ id: s.submissions.id }).from(s.submissions).where(eq(s.submissions.courseId, seed.courseId));
  submissionIds = rows.map((r) => r.id);
  scope = { courseId: seed.courseId, assignmentIds: null, from: null, to: null, roles: ["student"], includeTestStudents: true, consentingOnly: false };
});

describe("export paging", () => {
  it("idsFrom keeps the given id and those after it in Postgres's uuid order", async () => {
    const sorted = [...submissionIds].sort();
    const pivot = sorted[Math.floor(sorted.length / 2)];
    expect(idsFrom(submissionIds, pivot).sort()).toEqual(sorted.filter((id) => id >= pivot));
    // The same order as the database's own comparison of uuids.
    const db = database.handle().db;
    const ordered = await db.select({ id: s.submissions.id }).from(s.submissions).where(inArray(s.submissions.id, submissionIds)).orderBy(s.submissions.id);
    expect(ordered.map((r) => r.id)).toEqual(sorted);
  });

  it("pages of 7 events return each event once, grouped by submission and in time order", async () => {
    const db = database.handle().db;
    const all = await db.select({ id: s.codingEvents.id }).from(s.codingEvents).where(inArray(s.codingEvents.submissionId, submissionIds));
    expect(all.length).toBeGreaterThan(100);
    const seen: { id: string; submissionId: string; at: number }[] = [];
    for await (const page of pageExportEvents({ system: systemAuthz(), scope, submissionIds, merged: false, withFiles: false, pageSize: 7 })) {
      expect(page.length).toBeLessThanOrEqual(7);
      for (const e of page) seen.push({ id: e.id!, submissionId: e.submissionId, at: e.clientTimestamp.getTime() });
    }
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.map((e) => e.id).sort()).toEqual(all.map((e) => e.id).sort());
    // Each submission's events are contiguous and by time.
    const order: string[] = [];
    for (let i = 0; i < seen.length; i++) {
      if (i === 0 || seen[i].submissionId !== seen[i - 1].submissionId) order.push(seen[i].submissionId);
      else expect(seen[i].at).toBeGreaterThanOrEqual(seen[i - 1].at);
    }
    expect(new Set(order).size).toBe(order.length);
  });

  it.each([7, 25])("pages of %i events with files carry a code state's files with its first event in the submission on the page", async (pageSize) => {
    const db = database.handle().db;
    const all = await db
      .select({ id: s.codingEvents.id, client: s.codingEvents.clientTimestamp, server: s.codingEvents.createdAt })
      .from(s.codingEvents)
      .where(inArray(s.codingEvents.submissionId, submissionIds));
    const stored = new Map(all.map((e) => [e.id, e]));
    const seen = new Set<string>();
    let pages = 0;
    let lastSubmission = "";
    const finished = new Set<string>();
    for await (const page of pageExportEvents({ system: systemAuthz(), scope, submissionIds, merged: false, withFiles: true, pageSize })) {
      pages++;
      const sent = new Set<string>(); // submission and state, on this page
      expect(page.length).toBeLessThanOrEqual(pageSize);
      page.forEach((e, i) => {
        seen.add(e.id!);
        // Timestamps come as epoch microseconds and are read to the millisecond, as the driver's Dates are.
        expect([e.clientTimestamp.getTime(), e.serverTimestamp.getTime()]).toEqual([stored.get(e.id!)!.client.getTime(), stored.get(e.id!)!.server.getTime()]);
        if (e.submissionId !== lastSubmission) {
          expect(finished.has(e.submissionId)).toBe(false); // a submission's events are contiguous across pages
          finished.add(lastSubmission);
          lastSubmission = e.submissionId;
        }
        const key = `${e.submissionId} ${e.codeStateId}`;
        expect(e.files !== null, `event ${i} of the page`).toBe(e.codeStateId !== null && !sent.has(key));
        sent.add(key);
        if (e.files) expect(e.files[0]).toHaveProperty("content");
      });
    }
    expect(seen.size).toBe(all.length);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(all.length / pageSize));
  });

  it("rows carry Lantern's event id only for the types asked for, but on keyset pages, which go on from it", async () => {
    const db = database.handle().db;
    const all = await db.select({ id: s.codingEvents.id, type: s.codingEvents.eventType }).from(s.codingEvents).where(inArray(s.codingEvents.submissionId, submissionIds));
    const typeOf = new Map(all.map((e) => [e.id, e.type]));
    // Whole-submission pages: ids only on Run.Error rows; the rows are all there.
    let count = 0;
    let errors = 0;
    for await (const page of pageExportEvents({ system: systemAuthz(), scope, submissionIds, merged: false, withFiles: false, eventIdsOf: ["Run.Error"], pageSize: 500 })) {
      for (const e of page) {
        count++;
        if (e.eventType === "Run.Error") errors++;
        expect(e.id === null, e.eventType).toBe(e.eventType !== "Run.Error");
        if (e.id) expect(typeOf.get(e.id)).toBe("Run.Error");
      }
    }
    expect(count).toBe(all.length);
    expect(errors).toBeGreaterThan(0);
    // Pages smaller than a submission go on by keyset: every row has its id, every event comes once.
    const seen = new Set<string>();
    for await (const page of pageExportEvents({ system: systemAuthz(), scope, submissionIds, merged: false, withFiles: false, eventIdsOf: [], pageSize: 4 })) {
      for (const e of page) {
        expect(e.id).not.toBeNull();
        seen.add(e.id!);
      }
    }
    expect(seen.size).toBe(all.length);
  });

  it("merged pages return the events of several submissions once, interleaved by time", async () => {
    const db = database.handle().db;
    const ids = submissionIds.slice(0, 3);
    const all = await db.select({ id: s.codingEvents.id }).from(s.codingEvents).where(inArray(s.codingEvents.submissionId, ids));
    const seen: { id: string; at: number }[] = [];
    for await (const page of pageExportEvents({ system: systemAuthz(), scope, submissionIds: ids, merged: true, withFiles: true, pageSize: 4 })) {
      for (const e of page) seen.push({ id: e.id!, at: e.clientTimestamp.getTime() });
    }
    expect(seen.map((e) => e.id).sort()).toEqual(all.map((e) => e.id).sort());
    for (let i = 1; i < seen.length; i++) expect(seen[i].at).toBeGreaterThanOrEqual(seen[i - 1].at);
  });

  it("pages of 2 versions return every version once", async () => {
    const db = database.handle().db;
    const all = await db.select({ submissionId: s.submissionVersions.submissionId, version: s.submissionVersions.version }).from(s.submissionVersions).where(inArray(s.submissionVersions.submissionId, submissionIds));
    expect(all.length).toBeGreaterThan(4);
    const seen: string[] = [];
    for await (const page of pageExportVersions({ system: systemAuthz(), scope, submissionIds, every: true, pageSize: 2 })) seen.push(...page.map((v) => `${v.submissionId}/${v.version}`));
    expect(seen.sort()).toEqual(all.map((v) => `${v.submissionId}/${v.version}`).sort());
  });
});
