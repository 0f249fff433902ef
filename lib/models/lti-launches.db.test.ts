import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { ensureLtiContext, ensureLtiUser } from "./lti-launches";

const { handle } = withTestDatabase();
const db = () => handle().db;

async function platform(issuer: string) {
  const [row] = await db()
    .insert(s.ltiPlatforms)
    .values({ issuer, clientId: "c", name: "LMS", authLoginUrl: `${issuer}/auth`, authTokenUrl: `${issuer}/token`, jwksUrl: `${issuer}/jwks`, registeredVia: "manual" })
    .returning();
  return row;
}

describe("ensureLtiUser / ensureLtiContext", () => {
  it("two concurrent first launches of one user and one context end with one row each", async () => {
    const lms = await platform("https://race-lms.test");
    const [course] = await db().insert(s.courses).values({ title: "C" }).returning();
    const input = { platformId: lms.id, sub: "race-sub", name: "Ada", isTestUser: false, courseId: course.id };
    const [a, b] = await Promise.all([ensureLtiUser(input), ensureLtiUser(input)]);
    expect(a.user.id).toBe(b.user.id);
    expect(await db().select().from(s.ltiUsers).where(eq(s.ltiUsers.sub, "race-sub"))).toHaveLength(1);
    expect(await db().select().from(s.users).where(eq(s.users.name, "Ada"))).toHaveLength(1);

    const context = { platformId: lms.id, contextId: "race-ctx", title: "Race course" };
    const [x, y] = await Promise.all([ensureLtiContext(context), ensureLtiContext(context)]);
    expect(x.id).toBe(y.id);
    expect(await db().select().from(s.courses).where(eq(s.courses.title, "Race course"))).toHaveLength(1);
  });

  it("a failure other than a unique violation is thrown, not retried", async () => {
    // No such platform: the insert fails on the foreign key (23503). Retrying that could never succeed.
    const missing = crypto.randomUUID();
    const [course] = await db().insert(s.courses).values({ title: "C" }).returning();
    await expect(ensureLtiUser({ platformId: missing, sub: "x", isTestUser: false, courseId: course.id })).rejects.toMatchObject({ code: "23503" });
    await expect(ensureLtiContext({ platformId: missing, contextId: "x" })).rejects.toMatchObject({ code: "23503" });
    expect(await db().select().from(s.users).where(eq(s.users.name, "x"))).toHaveLength(0);
  });
});
