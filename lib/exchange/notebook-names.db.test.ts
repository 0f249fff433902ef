import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { exchangeCourse, exchangeMember, fakeTarball, exchangeClient, memberAuthz } from "@/lib/exchange/testing/fixtures";
import { insertNotebookAssignment } from "@/lib/models/assignment-authoring";
import { insertAssignment } from "@/lib/models/assignments";
import { selectStaffNotebookStatus } from "@/lib/models/notebook-status";
import { withTestStorage } from "@/lib/storage/testing/test-storage";

// Issue 16: a notebook assignment's name is whatever nbgrader accepts, and a release attaches to it by that exact name.
withTestDatabase();
withTestStorage();


async function staffIn(courseCode: string) {
  const course = await exchangeCourse(courseCode);
  const teacher = await exchangeMember(course, "instructor", "Ada Teacher");
  const authz = await memberAuthz(teacher.user.id, course.id);
  return { course, teacher, authz };
}

const notebooksOf = (courseId: string) =>
  db()
    .select({ slug: schema.assignments.slug, title: schema.assignments.title })
    .from(schema.assignments)
    .where(and(eq(schema.assignments.courseId, courseId), eq(schema.assignments.kind, "notebook")));

describe("nbgrader names of notebook assignments", () => {
  it("attaches a release under any name nbgrader accepts to the assignment with exactly that name", async () => {
    const { course, teacher, authz } = await staffIn("Names & Co");
    const names = ["Problem Set 1", "ps_1", "Übung 3 — Schleifen", "a & b = 100% #2", "it's \"quoted\""];
    for (const name of names) {
      const assignment = await insertNotebookAssignment({ authz, title: `T ${name}`, slug: name, points: 10, dueAt: null });
      expect(await (await exchangeClient(teacher.token).release(course.code!, name, fakeTarball(name), ["nb"])).json()).toMatchObject({ success: true });
      expect(await selectStaffNotebookStatus({ authz, assignment })).toMatchObject({ code: name, state: "released", releases: [expect.anything()] });
    }
    expect((await notebooksOf(course.id)).map((a) => a.slug).sort()).toEqual([...names].sort());
  });

  it("matches exactly: another case is another nbgrader assignment, and a name a Python assignment uses gets its own", async () => {
    const { course, teacher, authz } = await staffIn("Exact 1");
    const ps = await insertNotebookAssignment({ authz, title: "Problem Set 1", slug: "Problem Set 1", points: 10, dueAt: null });
    await insertAssignment({ authz: systemAuthz(), courseId: course.id, values: { title: "Loops", slug: "loops" } });
    await exchangeClient(teacher.token).release(course.code!, "problem set 1", fakeTarball("lower"), ["nb"]);
    await exchangeClient(teacher.token).release(course.code!, "loops", fakeTarball("loops"), ["nb"]);
    expect((await selectStaffNotebookStatus({ authz, assignment: ps })).state).toBe("not_released");
    const made = await notebooksOf(course.id);
    expect(made).toEqual(
      expect.arrayContaining([
        { slug: "problem set 1", title: "problem set 1" },
        { slug: expect.stringMatching(/^loops-\d+$/), title: "loops" },
      ]),
    );
    // The release under "loops" keeps attaching to the notebook made for it, not to the Python assignment.
    await exchangeClient(teacher.token).release(course.code!, "loops", fakeTarball("loops v2"), ["nb"]);
    expect(await notebooksOf(course.id)).toHaveLength(3);
  });
});
