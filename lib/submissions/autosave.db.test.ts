import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertCourse } from "@/lib/models/courses";
import { saveOwnWork, selectOwnSubmission } from "@/lib/models/submissions";
import { requireOwnWork } from "@/lib/submissions/work";
import { call, world } from "@/lib/submissions/test-world";
import * as ensureRoute from "@/app/api/submissions/route";
import * as filesRoute from "@/app/api/submissions/[submissionId]/files/route";

vi.mock("next/headers", () => {
  const current = globalThis as unknown as { __lanternTestToken?: string };
  return {
    headers: async () => new Headers(current.__lanternTestToken ? { authorization: `Bearer ${current.__lanternTestToken}` } : {}),
    cookies: async () => ({ get: () => undefined }),
  };
});
const { statementsOf } = withTestDatabase();
const { assignments, courses, enrollments, submissionVersions, users } = schema;

type World = Awaited<ReturnType<typeof world>>;
const main = (content: string) => [{ name: "main.py", content }];

async function started(w: World, who: World["alice"]) {
  const res = await call(who, ensureRoute.POST, { method: "POST", body: { courseId: w.course.id, assignmentId: w.assignment.id } });
  expect(res.status).toBe(200);
  return res.json.submissionId as string;
}

async function versions(submissionId: string) {
  return (await db().select().from(submissionVersions).where(eq(submissionVersions.submissionId, submissionId))).length;
}

describe("saveOwnWork (autosave in one statement)", () => {
  it("saves a changed file in one statement after the session lookup, numbering concurrent saves in order", async () => {
    const w = await world();
    const id = await started(w, w.alice);
    const { result, statements } = await statementsOf(() =>
      call(w.alice, filesRoute.PUT, { method: "PUT", params: { submissionId: id }, body: { files: main("x = 1") } }),
    );
    expect(result).toMatchObject({ status: 200, json: { version: 1, unchanged: false } });
    expect(statements).toHaveLength(2);
    const session = (await resolveSessionToken(w.alice.token, "header"))!;
    const saves = await Promise.all(
      ["a", "b", "c", "d"].map((c) => saveOwnWork({ session, unsafeSubmissionId: id, files: main(c), kind: "autosave", clientSavedAt: null })),
    );
    expect(saves.map((s) => s?.version).sort()).toEqual([2, 3, 4, 5]);
    expect((await selectOwnSubmission({ session, unsafeSubmissionId: id })).currentVersion).toBe(5);
    // Unchanged files are left to the checked path, which answers "unchanged" without a new version.
    expect(await saveOwnWork({ session, unsafeSubmissionId: id, files: main("x = 1"), kind: "autosave", clientSavedAt: null })).not.toBeNull();
    expect(await saveOwnWork({ session, unsafeSubmissionId: id, files: main("x = 1"), kind: "autosave", clientSavedAt: null })).toBeNull();
  });

  // The statement's rules must never be looser than requireOwnWork's: on every case both agree, and a refusal writes nothing.
  it("allows exactly what requireOwnWork allows", async () => {
    const cases: [string, "alice" | "teacher" | "bob", (w: World) => Promise<unknown>, boolean][] = [
      ["a student's own work", "alice", async () => {}, true],
      ["left the course", "alice", (w) => db().update(enrollments).set({ status: "dropped" }).where(eq(enrollments.userId, w.alice.user.id)), false],
      ["enrollment inactive", "alice", (w) => db().update(enrollments).set({ status: "inactive" }).where(eq(enrollments.userId, w.alice.user.id)), false],
      ["unpublished, student", "alice", (w) => db().update(assignments).set({ publishedAt: null }).where(eq(assignments.id, w.assignment.id)), false],
      ["unpublished, instructor", "teacher", (w) => db().update(assignments).set({ publishedAt: null }).where(eq(assignments.id, w.assignment.id)), true],
      ["assignment deleted", "alice", (w) => db().update(assignments).set({ deletedAt: new Date() }).where(eq(assignments.id, w.assignment.id)), false],
      ["course deleted", "alice", (w) => db().update(courses).set({ deletedAt: new Date() }).where(eq(courses.id, w.course.id)), false],
      ["a notebook assignment", "alice", (w) => db().update(assignments).set({ kind: "notebook" }).where(eq(assignments.id, w.assignment.id)), false],
      [
        "assignment moved to another course",
        "alice",
        async (w) => db().update(assignments).set({ courseId: (await insertCourse({ values: { title: "Other", code: null } })).id }).where(eq(assignments.id, w.assignment.id)),
        false,
      ],
      [
        "site admin, not enrolled",
        "teacher",
        async (w) => {
          await db().update(users).set({ siteRoles: ["admin"] }).where(eq(users.id, w.teacher.user.id));
          await db().delete(enrollments).where(eq(enrollments.userId, w.teacher.user.id));
        },
        true,
      ],
      ["someone else's submission", "bob", async () => {}, false],
    ];
    for (const [what, who, change, allowed] of cases) {
      const w = await world();
      const id = await started(w, who === "bob" ? w.alice : w[who]);
      await change(w);
      const session = (await resolveSessionToken(w[who].token, "header"))!;
      const checked = await requireOwnWork({ session, unsafeSubmissionId: id }).then(
        () => true,
        () => false,
      );
      expect(checked, what).toBe(allowed);
      const fast = await saveOwnWork({ session, unsafeSubmissionId: id, files: main(`# ${what}`), kind: "autosave", clientSavedAt: new Date() });
      expect(fast !== null, what).toBe(allowed);
      expect(await versions(id), what).toBe(allowed ? 1 : 0);
    }
  });

  it("leaves viewing as a student and malformed ids to the checked path", async () => {
    const w = await world();
    const id = await started(w, w.alice);
    const session = (await resolveSessionToken(w.teacher.token, "header"))!;
    const viewing = { ...session, effectiveUser: (await resolveSessionToken(w.alice.token, "header"))!.user };
    expect(await saveOwnWork({ session: viewing, unsafeSubmissionId: id, files: main("x"), kind: "autosave", clientSavedAt: null })).toBeNull();
    expect(await saveOwnWork({ session, unsafeSubmissionId: "not-a-uuid", files: main("x"), kind: "autosave", clientSavedAt: null })).toBeNull();
    expect(await versions(id)).toBe(0);
  });
});
