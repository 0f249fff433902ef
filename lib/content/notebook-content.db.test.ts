import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertNotebookAssignment } from "@/lib/models/assignment-authoring";
import { selectAssignments } from "@/lib/models/assignments";
import { insertCourse } from "@/lib/models/courses";
import { applyContentImport, planContentImport, selectCourseContent } from "@/lib/models/course-content";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { person } from "@/lib/submissions/test-world";
import { writeCourseContent } from "./format";
import { readCourseContent } from "./parse";
import { unzipTree, zipTree } from "./zip";

// Issue 16: content files carry an assignment's kind, so a notebook assignment re-imports as one (under its exact
// nbgrader name), and files written before kinds existed still import as Python.
withTestDatabase();

async function staffCourse(title: string) {
  const course = await insertCourse({ values: { title, code: null } });
  const teacher = await person("Teacher");
  await ensureEnrollment({ courseId: course.id, userId: teacher.user.id, role: "instructor", source: "manual" });
  const authz = await requireCourseRole({ unsafeCourseId: course.id, roles: ALL_ROLES, session: (await resolveSessionToken(teacher.token, "header"))! });
  return { course, authz };
}

const NAMES = ["Problem Set 1", "ps_1", "Übung 3 — Schleifen", "a & b = 100% #2"];

describe("notebook assignments in content files", () => {
  it("export kind and nbgrader name; import into a new course makes notebook assignments with the same names; re-export is identical", async () => {
    const { authz } = await staffCourse("Data 1");
    for (const name of NAMES) {
      await insertNotebookAssignment({ authz, title: `Notebook ${name}`, slug: name, points: 20, dueAt: new Date("2026-03-01T22:59:00Z") });
    }
    const first = writeCourseContent(await selectCourseContent({ authz }));
    expect(first.get("Problem Set 1/assignment.yaml")).toMatch(/^kind: notebook\ntitle: Notebook Problem Set 1\npoints: 20\n/);
    expect(first.get("course.yaml")).toContain("Übung 3 — Schleifen");

    const zipped = zipTree(first);
    const parsed = readCourseContent(unzipTree(zipped));
    if (!("content" in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const { authz: target } = await staffCourse("Data 1 (spring)");
    await applyContentImport({ authz: target, content: parsed.content });
    const imported = await selectAssignments({ authz: target });
    expect(imported.map((a) => [a.slug, a.kind, a.gradedBy])).toEqual(NAMES.map((n) => [n, "notebook", "staff"]));
    expect(imported[0].dueAt).toEqual(new Date("2026-03-01T22:59:00Z"));
    const second = writeCourseContent(await selectCourseContent({ authz: target }));
    expect(Buffer.from(zipTree(second)).equals(Buffer.from(zipped))).toBe(true);
  });

  it("imports an assignment.yaml without kind (an older export) as Python, byte-identical on re-export", async () => {
    const { authz } = await staffCourse("Old");
    const tree = new Map([
      ["course.yaml", "format: lantern-course/1\ntimeZone: UTC\ngroups: []\nungrouped:\n  - essay\n"],
      ["essay/assignment.yaml", "title: Essay\npoints: 10\nstatus: draft\ngradedBy: staff\nlatePolicy:\n  kind: none\nscoreCounting: last\ngradingTimeLimitMs: 10000\n"],
      ["essay/instructions.md", "Write.\n"],
    ]);
    const parsed = readCourseContent(tree);
    if (!("content" in parsed)) throw new Error(JSON.stringify(parsed.errors));
    await applyContentImport({ authz, content: parsed.content });
    const [essay] = await selectAssignments({ authz });
    expect(essay).toMatchObject({ slug: "essay", kind: "python" });
    expect(writeCourseContent(await selectCourseContent({ authz }))).toEqual(tree);
  });

  it("refuses what a notebook cannot hold or name, with the file and field", () => {
    const course = (list: string) => ["course.yaml", `format: lantern-course/1\ntimeZone: UTC\nungrouped:\n${list}`] as const;
    const notebook = "kind: notebook\ntitle: N\npoints: 10\nstatus: published\n";
    const messagesOf = (tree: Map<string, string>) => {
      const read = readCourseContent(tree);
      if (!("errors" in read)) throw new Error("expected errors");
      return read.errors.map((e) => `${e.file}: ${e.message}`).join("\n");
    };
    expect(messagesOf(new Map([course("  - ps+1\n"), ["ps+1/assignment.yaml", notebook]]))).toContain("course.yaml: \"ps+1\": nbgrader does not allow “+”");
    const messages = messagesOf(
      new Map([
        course("  - Week 1\n  - py thon\n"),
        ["Week 1/assignment.yaml", `${notebook}gradedBy: autograder\n`],
        ["Week 1/starter/main.py", "print(1)\n"],
        ["py thon/assignment.yaml", "title: P\npoints: 10\ngradedBy: staff\n"],
      ]),
    );
    expect(messages).toMatch(/Week 1\/assignment\.yaml.*graded by staff/);
    expect(messages).toContain("no files or tests in Lantern");
    // A Python assignment still needs a slug: spaces are for nbgrader names only.
    expect(messages).toMatch(/py thon\/assignment\.yaml.*lower-case letters, digits and dashes/);
  });

  it("never turns a Python assignment into a notebook one (or back): the preview is refused and nothing changes", async () => {
    const { authz } = await staffCourse("Kinds");
    await insertNotebookAssignment({ authz, title: "PS 1", slug: "ps1", points: 10, dueAt: null });
    const tree = writeCourseContent(await selectCourseContent({ authz }));
    tree.set("ps1/assignment.yaml", tree.get("ps1/assignment.yaml")!.replace("kind: notebook\n", ""));
    const parsed = readCourseContent(tree);
    if (!("content" in parsed)) throw new Error(JSON.stringify(parsed.errors));
    await expect(planContentImport({ authz, content: parsed.content })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("ps1 (notebook here, Python in the files)") });
    await expect(applyContentImport({ authz, content: parsed.content })).rejects.toMatchObject({ status: 400 });
    const [ps1] = await selectAssignments({ authz });
    expect(ps1.kind).toBe("notebook");
  });
});
