import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertAssignment, insertAssignmentGroup, selectAssignments } from "@/lib/models/assignments";
import { insertCourse, updateCourseSettings } from "@/lib/models/courses";
import { applyContentImport, planContentImport, selectCourseContent } from "@/lib/models/course-content";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { FUNCTION_TESTS, IO_CASES, person, SOLUTION, STARTER } from "@/lib/submissions/test-world";
import { writeCourseContent } from "./format";
import { readCourseContent } from "./parse";
import { unzipTree, zipTree } from "./zip";

withTestDatabase();

async function teacherIn(courseId: string, teacher: { token: string; user: { id: string } }, role: "instructor" | "ta" = "instructor") {
  await ensureEnrollment({ courseId, userId: teacher.user.id, role, source: "manual" });
  return requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session: (await resolveSessionToken(teacher.token, "header"))! });
}

async function sourceCourse() {
  const course = await insertCourse({ values: { title: "CS 1", code: null } });
  const teacher = await person("Teacher");
  let authz = await teacherIn(course.id, teacher);
  await updateCourseSettings({ authz, values: { timeZone: "America/New_York", startsOn: "2026-01-12", taCanEdit: false } });
  authz = await teacherIn(course.id, teacher);
  const unit = await insertAssignmentGroup({ authz: systemAuthz(), courseId: course.id, title: "Unit 1", position: 0 });
  await insertAssignment({
    authz: systemAuthz(),
    courseId: course.id,
    values: {
      title: "Temperature",
      slug: "temperature",
      groupId: unit.id,
      position: 0,
      instructions: "# Convert\n\nWrite `celsius_to_fahrenheit`.\n",
      starterFiles: [{ name: "main.py", content: STARTER }, { name: "data.csv", content: "c\n0\n100\n" }],
      readOnlyFiles: ["data.csv"],
      referenceFiles: [{ name: "main.py", content: SOLUTION }],
      functionTests: FUNCTION_TESTS,
      ioCases: IO_CASES,
      points: 10,
      publishedAt: new Date(),
      // 14 days after 12 January, 23:59 in New York (EST, UTC-5).
      dueAt: new Date("2026-01-27T04:59:00Z"),
      lockAt: new Date("2026-01-29T04:59:00Z"),
      latePolicy: { kind: "penalty", percentPerDay: 10, maxPercent: 50 },
      attemptLimit: 5,
      scoreCounting: "best",
    },
  });
  await insertAssignment({
    authz: systemAuthz(),
    courseId: course.id,
    values: { title: "Essay on loops", slug: "essay", position: 1, gradedBy: "staff", instructions: "Explain loops.\n" },
  });
  return { course, teacher, authz };
}

const text = (tree: Map<string, string>) => [...tree].map(([p, t]) => `== ${p}\n${t}`).join("\n");

describe("course content as files", () => {
  it("round-trips: export → import into a new course → export is byte-identical, and the zip too", async () => {
    const { authz, teacher } = await sourceCourse();
    const first = writeCourseContent(await selectCourseContent({ authz }));
    expect(first.get("temperature/assignment.yaml")).toContain("dueAt: +14d 23:59");
    expect(first.get("temperature/starter/data.csv")).toBe("c\n0\n100\n");
    expect(first.get("temperature/tests/test_negative.py")).toContain("assert celsius_to_fahrenheit(-40) == -40");

    const target = await insertCourse({ values: { title: "CS 1 (spring)", code: null } });
    const targetAuthz = await teacherIn(target.id, teacher);
    const zipped = zipTree(first);
    const parsed = readCourseContent(unzipTree(zipped));
    if (!("content" in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const plan = await planContentImport({ authz: targetAuthz, content: parsed.content });
    expect(plan.changes.map((c) => [c.slug, c.action])).toEqual([["temperature", "create"], ["essay", "create"]]);
    await applyContentImport({ authz: targetAuthz, content: parsed.content, expectedDigest: plan.digest });

    const second = writeCourseContent(await selectCourseContent({ authz: await teacherIn(target.id, teacher) }));
    expect(text(second)).toBe(text(first));
    expect(Buffer.from(zipTree(second)).equals(Buffer.from(zipped))).toBe(true);
  }, 120_000);

  it("is idempotent: importing the same files again changes nothing", async () => {
    const { authz } = await sourceCourse();
    const content = await selectCourseContent({ authz });
    const plan = await applyContentImport({ authz, content });
    expect(plan.changes.every((c) => c.action === "unchanged")).toBe(true);
    const [before] = await selectAssignments({ authz });
    await applyContentImport({ authz, content });
    const [after] = await selectAssignments({ authz });
    expect(after.revision).toBe(before.revision);
  });

  it("previews an update field by field, and a stale preview is refused", async () => {
    const { authz } = await sourceCourse();
    const tree = writeCourseContent(await selectCourseContent({ authz }));
    tree.set("temperature/assignment.yaml", tree.get("temperature/assignment.yaml")!.replace("points: 10", "points: 12"));
    const parsed = readCourseContent(tree);
    if (!("content" in parsed)) throw new Error(JSON.stringify(parsed.errors));
    const plan = await planContentImport({ authz, content: parsed.content });
    expect(plan.changes.find((c) => c.slug === "temperature")).toMatchObject({ action: "update", fields: ["points"] });
    await applyContentImport({ authz, content: { ...parsed.content, assignments: parsed.content.assignments.slice(0, 1), ungrouped: [] } });
    await expect(applyContentImport({ authz, content: parsed.content, expectedDigest: plan.digest })).rejects.toMatchObject({ status: 409 });
  });

  it("never half-applies: a failure inside the transaction leaves the course as it was", async () => {
    const { authz } = await sourceCourse();
    const content = await selectCourseContent({ authz });
    // Two new assignments with one slug (the parser refuses this; here it reaches the database and fails there).
    const dup = { ...content.assignments[1], slug: "dup" };
    const broken = { ...content, timeZone: "Europe/Paris", assignments: [...content.assignments, dup, dup], ungrouped: [...content.ungrouped, "dup"] };
    await expect(applyContentImport({ authz, content: broken })).rejects.toThrow();
    const after = await selectCourseContent({ authz });
    expect(after.timeZone).toBe("America/New_York");
    expect(after.assignments.map((a) => a.slug)).toEqual(["temperature", "essay"]);
  });

  it("refuses TAs unless the course lets them edit, and students always", async () => {
    const { course, authz } = await sourceCourse();
    const content = await selectCourseContent({ authz });
    const ta = await teacherIn(course.id, await person("TA"), "ta");
    await expect(planContentImport({ authz: ta, content })).rejects.toMatchObject({ status: 404 });
    const student = await person("Student");
    await ensureEnrollment({ courseId: course.id, userId: student.user.id, role: "student", source: "manual" });
    const asStudent = await requireCourseRole({ unsafeCourseId: course.id, roles: ALL_ROLES, session: (await resolveSessionToken(student.token, "header"))! });
    await expect(selectCourseContent({ authz: asStudent })).rejects.toMatchObject({ status: 404 });
  });
});
