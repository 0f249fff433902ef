import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { dispatchExchange } from "@/lib/exchange/testing/dispatch";
import { fakeTarball } from "@/lib/exchange/testing/fixtures";
import { NbgraderClient } from "@/lib/exchange/testing/nbgrader-client";
import { createApiToken } from "@/lib/auth/api-tokens";
import { insertNotebookAssignment } from "@/lib/models/assignment-authoring";
import { selectStaffNotebookStatus } from "@/lib/models/notebook-status";
import { CLAIM } from "@/lib/lti/claims";
import { createTestPlatform } from "@/lib/lti/testing/test-platform";
import { withTestStorage } from "@/lib/storage/testing/test-storage";

// Issue 16: a student's nbgrader id is known from their first launch (staff see it before any exchange call), and it
// is the id the exchange API then uses for them.
withTestDatabase();
withTestStorage();

const INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
const LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
const context = { id: "ctx-ids", title: "Data 1", label: "DATA 1" };

async function launch(lms: Awaited<ReturnType<typeof createTestPlatform>>, claims: Record<string, unknown>) {
  const response = await lms.fullLaunch({ [CLAIM.context]: context, ...claims });
  expect(response.status).toBe(303);
  return (await resolveSessionToken(new URL(response.headers.get("location")!).searchParams.get("lt")!, "header"))!;
}

describe("nbgrader ids", () => {
  it("exist from the first launch, are shown to staff before any exchange call, and are what the exchange uses", async () => {
    const lms = await createTestPlatform({ issuer: "https://ids-lms.test" });
    const teacherSession = await launch(lms, { sub: "t-1", name: "Ada Teacher", email: "ada@uni.test", [CLAIM.roles]: [INSTRUCTOR] });
    const studentSession = await launch(lms, { sub: "s-1", name: "Grace Hopper", email: "grace.hopper@uni.test", [CLAIM.roles]: [LEARNER] });
    const [course] = await db().select().from(schema.courses).where(eq(schema.courses.code, "DATA 1"));
    const staff = await requireCourseRole({ unsafeCourseId: course.id, roles: ALL_ROLES, session: teacherSession });
    const assignment = await insertNotebookAssignment({ authz: staff, title: "PS 1", slug: "ps1", points: 10, dueAt: null });

    expect(await db().select().from(schema.exchangeActions)).toEqual([]);
    const before = await selectStaffNotebookStatus({ authz: staff, assignment });
    expect(before.rows).toEqual([expect.objectContaining({ name: "Grace Hopper", username: "grace.hopper" })]);

    // The exchange knows the student by the same id: nbgrader list shows their own number, collect their username.
    const { token } = await createApiToken({ authz: { kind: "user", session: studentSession }, name: "jupyter", scopes: ["exchange"], expiresInDays: 1 });
    const teacherToken = (await createApiToken({ authz: { kind: "user", session: teacherSession }, name: "jupyter", scopes: ["exchange"], expiresInDays: 1 })).token;
    const nb = (t: string) => new NbgraderClient(dispatchExchange, "http://localhost:3000", { token: t });
    await nb(teacherToken).release("DATA 1", "ps1", fakeTarball("release"), ["nb"]);
    await nb(token).submit("DATA 1", "ps1", "2026-12-03 10:00:00.000000 UTC", fakeTarball("work"));
    const collections = await (await nb(teacherToken).collections("DATA 1", "ps1")).json();
    expect(collections.value).toEqual([expect.objectContaining({ student_id: "grace.hopper" })]);
    const after = await selectStaffNotebookStatus({ authz: staff, assignment });
    expect(after.rows[0].username).toBe("grace.hopper");
    expect(await db().select().from(schema.exchangeUsers).where(eq(schema.exchangeUsers.userId, studentSession.user.id))).toHaveLength(1);

    // A second Grace Hopper (same address name elsewhere) gets her own id at her first launch, as the API would give.
    const twin = await launch(lms, { sub: "s-2", name: "Grace Hopper", email: "grace.hopper@elsewhere.test", [CLAIM.roles]: [LEARNER] });
    const [twinId] = await db().select().from(schema.exchangeUsers).where(eq(schema.exchangeUsers.userId, twin.user.id));
    expect(twinId.username).toMatch(/^grace\.hopper-[0-9a-f]{4}$/);
  });
});
