import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertAssignment } from "@/lib/models/assignments";
import { insertGradeOutboxRow } from "@/lib/models/grade-outbox";
import { CLAIM } from "./claims";
import { ASSIGNMENT_CUSTOM_PARAM } from "./provision";
import { createTestPlatform, type TestPlatform } from "./testing/test-platform";

// A returning launch reads what exists in one statement and writes only what changed (bench/launch): these tests
// pin that the skipped writes are exactly the unchanged ones.
const { handle, statementsOf } = withTestDatabase();
const db = () => handle().db;

const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
let lms: TestPlatform;
let assignmentId: string;
const link = (custom: Record<string, unknown> = {}) => ({
  [CLAIM.context]: { id: "ctx-writes", title: "Writes 101" },
  [CLAIM.resourceLink]: { id: "rl-writes", title: "Loops" },
  [CLAIM.custom]: { [ASSIGNMENT_CUSTOM_PARAM]: assignmentId, due_at: "2026-12-10T23:59:00Z", ...custom },
});

async function userOf(response: Response) {
  expect(response.status).toBe(303);
  const lt = new URL(response.headers.get("location")!).searchParams.get("lt")!;
  return (await resolveSessionToken(lt, "header"))!.user;
}

/** Postgres's row version (xmin): it changes whenever the row is written, even to the same values. */
async function version(table: "lti_resource_links" | "submissions" | "lti_contexts" | "users", id: string): Promise<string> {
  const t = { lti_resource_links: s.ltiResourceLinks, submissions: s.submissions, lti_contexts: s.ltiContexts, users: s.users }[table];
  const [row] = await db().select({ v: sql<string>`xmin::text` }).from(t).where(eq(t.id, id));
  return row.v;
}

beforeAll(async () => {
  lms = await createTestPlatform({ issuer: "https://writes-lms.test" });
  const teacher = await userOf(await lms.fullLaunch({ sub: "writes-teacher", [CLAIM.roles]: [INSTRUCTOR], [CLAIM.context]: { id: "ctx-writes", title: "Writes 101" } }));
  const [enrollment] = await db().select().from(s.enrollments).where(eq(s.enrollments.userId, teacher.id));
  const assignment = await insertAssignment({ authz: systemAuthz(), courseId: enrollment.courseId, values: { title: "Loops", points: 10 } });
  assignmentId = assignment.id;
});

describe("first launches", () => {
  it("write the enrollment, the context member and the nbgrader identity in one statement; a taken name gets a suffix", async () => {
    const { result, statements } = await statementsOf(() => lms.fullLaunch({ sub: "first-grace", name: "Grace", email: "grace@writes.test", ...link() }));
    const grace = await userOf(result);
    expect(statements.filter((q) => /insert into "(enrollments|lti_context_members|exchange_users)"|from "exchange_users"/.test(q))).toHaveLength(1);
    const [enrollment] = await db().select().from(s.enrollments).where(eq(s.enrollments.userId, grace.id));
    expect(enrollment).toMatchObject({ role: "student", status: "active", source: "lti" });
    expect(await db().select({ roles: s.ltiContextMembers.roles }).from(s.ltiContextMembers).where(eq(s.ltiContextMembers.userId, grace.id))).toHaveLength(1);
    const [exchange] = await db().select().from(s.exchangeUsers).where(eq(s.exchangeUsers.userId, grace.id));
    expect(exchange.username).toBe("grace");

    // Another Grace at another address: the name is taken, so the launch still succeeds and picks "grace-xxxx".
    const twin = await userOf(await lms.fullLaunch({ sub: "first-grace-2", name: "Grace", email: "grace@elsewhere.test", ...link() }));
    const [twinExchange] = await db().select().from(s.exchangeUsers).where(eq(s.exchangeUsers.userId, twin.id));
    expect(twinExchange.username).toMatch(/^grace-[0-9a-f]{4}$/);
    expect(await db().select().from(s.enrollments).where(eq(s.enrollments.userId, twin.id))).toHaveLength(1);
  });
});

describe("returning launches", () => {
  it("rewrite nothing when the claims are unchanged, and exactly what changed otherwise", async () => {
    const student = await userOf(await lms.fullLaunch({ sub: "writes-student", ...link() }));
    const [row] = await db().select().from(s.ltiResourceLinks).where(eq(s.ltiResourceLinks.resourceLinkId, "rl-writes"));
    expect(row.assignmentId).toBe(assignmentId);
    const [work] = await db().select().from(s.submissions).where(eq(s.submissions.userId, student.id));
    expect(work.lmsDueAt).toEqual(new Date("2026-12-10T23:59:00Z"));
    const [context] = await db().select().from(s.ltiContexts).where(eq(s.ltiContexts.contextId, "ctx-writes"));
    const before = {
      link: await version("lti_resource_links", row.id),
      work: await version("submissions", work.id),
      context: await version("lti_contexts", context.id),
      user: await version("users", student.id),
    };

    expect((await userOf(await lms.fullLaunch({ sub: "writes-student", ...link() }))).id).toBe(student.id);
    expect({
      link: await version("lti_resource_links", row.id),
      work: await version("submissions", work.id),
      context: await version("lti_contexts", context.id),
      user: await version("users", student.id),
    }).toEqual(before);

    // The LMS moved the due date (a custom parameter, kept on the link) and renamed the student: the work, user and
    // link rows are written, the context is not.
    await lms.fullLaunch({ sub: "writes-student", name: "Ada King", ...link({ due_at: "2026-12-12T23:59:00Z" }) });
    const [moved] = await db().select().from(s.submissions).where(eq(s.submissions.id, work.id));
    expect(moved.lmsDueAt).toEqual(new Date("2026-12-12T23:59:00Z"));
    const [renamed] = await db().select().from(s.users).where(eq(s.users.id, student.id));
    expect(renamed.name).toBe("Ada King");
    const [relinked] = await db().select().from(s.ltiResourceLinks).where(eq(s.ltiResourceLinks.id, row.id));
    expect(relinked.custom).toMatchObject({ due_at: "2026-12-12T23:59:00Z" });
    expect(await version("lti_contexts", context.id)).toBe(before.context);

    // A new link title and AGS claim are written.
    const ags = { scope: ["https://purl.imsglobal.org/spec/lti-ags/scope/score"], lineitem: "https://writes-lms.test/li/1" };
    await lms.fullLaunch({ sub: "writes-student", ...link(), [CLAIM.resourceLink]: { id: "rl-writes", title: "Loops (v2)" }, [CLAIM.ags]: ags });
    const [retitled] = await db().select().from(s.ltiResourceLinks).where(eq(s.ltiResourceLinks.id, row.id));
    expect(retitled).toMatchObject({ title: "Loops (v2)", ags, assignmentId });
    const [withAgs] = await db().select().from(s.ltiContexts).where(eq(s.ltiContexts.id, context.id));
    expect(withAgs.ags).toEqual({ scope: ags.scope });
  });

  it("still requeue grades that waited for the student's LMS identity", async () => {
    const student = await userOf(await lms.fullLaunch({ sub: "writes-waiting", ...link() }));
    const [work] = await db().select().from(s.submissions).where(eq(s.submissions.userId, student.id));
    const outbox = await insertGradeOutboxRow(db(), { submissionId: work.id, scoreGiven: 7, scoreMaximum: 10, changedAt: new Date() });
    await db().update(s.gradeOutbox).set({ status: "waiting" }).where(eq(s.gradeOutbox.id, outbox.id));

    await lms.fullLaunch({ sub: "writes-waiting", ...link() });
    const [after] = await db().select().from(s.gradeOutbox).where(eq(s.gradeOutbox.id, outbox.id));
    expect(after.status).toBe("pending");
  });
});
