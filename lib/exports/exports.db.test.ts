import { buffer } from "node:stream/consumers";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { seedScale, type ScaleSeed } from "@/db/seed/scale";
import { withTestDatabase } from "@/db/testing/test-database";
import { selectExportJob } from "@/lib/models/export-jobs";
import { storage } from "@/lib/storage";
import { withTestStorage } from "@/lib/storage/testing/test-storage";
import { compareCanvasGradebook } from "./canvas-compare";
import { pseudonymKey, uuidPseudonyms } from "./deidentify";
import { exportParamsSchema } from "./params";
import { openZip } from "./read-zip";
import { requestExport } from "./request";
import { runExportJob } from "./run";
import { validateProgSnap2 } from "./progsnap2/validate";

const database = withTestDatabase();
withTestStorage();
let seed: ScaleSeed;
let instructorId: string;
const STUDENTS = 6;

beforeAll(async () => {
  const db = database.handle().db;
  // 6 students, 2 assignments, ~80 events each; the seed declines about a third of them (db/seed/scale.ts).
  seed = await seedScale(db, { students: STUDENTS, assignments: 2, eventsPerStudent: 80, declinedPercent: 34, title: "Export test" });
  const [instructor] = await db
    .select({ userId: s.enrollments.userId })
    .from(s.enrollments)
    .where(eq(s.enrollments.role, "instructor"));
  instructorId = instructor.userId;
  // A student whose code and error messages contain their own name and email.
  const [first] = await db.select().from(s.users).where(eq(s.users.id, seed.studentIds[1]));
  const [state] = await db.insert(s.codeStates).values({ hash: "leaky", files: [{ name: "main.py", content: `# by ${first.name} <${first.email}>\nprint(1)\n` }], bytes: 40 }).returning();
  const [sub] = await db.select().from(s.submissions).where(eq(s.submissions.userId, first.id)).limit(1);
  await db.insert(s.codingEvents).values({
    submissionId: sub.id, userId: first.id, clientEventId: crypto.randomUUID(), clientSessionId: "leak", eventType: "File.Edit",
    clientTimestamp: new Date("2020-01-01T00:00:00Z"), clientTimezone: "Europe/Paris", codeStateId: state.id,
  });
});


async function build(kind: Parameters<typeof requestExport>[0]["kind"], audience: "staff" | "research", params: Record<string, unknown> = {}) {
  const job = await requestExport({ kind, audience, courseId: seed.courseId, requestedByUserId: instructorId, params: exportParamsSchema.parse(params) });
  const result = await runExportJob({ jobId: job.id });
  expect(result.outcome).toBe("done");
  const done = await selectExportJob({ unsafeJobId: job.id });
  expect(done).toMatchObject({ status: "done", progress: 100 });
  const { body, object } = await storage().openRead(done.resultKey!);
  const bytes = await buffer(body);
  expect(object.bytes).toBe(bytes.length);
  return { job: done, bytes };
}

async function consenting(): Promise<{ names: string[]; emails: string[]; declined: number }> {
  const db = database.handle().db;
  const declined = await db.select().from(s.researchConsents).where(eq(s.researchConsents.courseId, seed.courseId));
  const users = await db.select().from(s.users);
  const students = users.filter((u) => seed.studentIds.includes(u.id));
  return { names: students.map((u) => u.name!), emails: students.map((u) => u.email!), declined: declined.length };
}

describe("ProgSnap2 export", () => {
  it("passes the validator, leaves out declined and test students, and carries no names or emails", async () => {
    const { bytes, job } = await build("progsnap2", "research");
    const report = await validateProgSnap2(bytes);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.eventTypes).toMatchObject({ "Session.Start": expect.any(Number), "File.Edit": expect.any(Number), Submit: expect.any(Number), "Run.Test": expect.any(Number), Compile: expect.any(Number), "Compile.Error": expect.any(Number) });
    const { entries, close } = await openZip(bytes);
    const main = parse((await entries.find((e) => e.name === "MainTable.csv")!.read()).toString(), { columns: true }) as Record<string, string>[];
    const { names, emails, declined } = await consenting();
    expect(declined).toBeGreaterThan(0);
    expect(new Set(main.map((r) => r.SubjectID)).size).toBe(STUDENTS - declined);
    expect(job.rowCount).toBe(main.length);
    const everything = (await Promise.all(entries.map((e) => e.read()))).map((b) => b.toString()).join("\n");
    close();
    for (const text of [...names, ...emails]) expect(everything).not.toContain(text);
    expect(everything).toContain("# by [name] <[email]>");
    for (const id of [...seed.studentIds, seed.courseId, ...seed.assignmentIds]) expect(everything).not.toContain(id);
    // Scores are normalized; the seed's grading runs earn 5, 8 or 10 of 10 points.
    for (const r of main.filter((r) => r.EventType === "Submit")) expect([0.5, 0.7, 0.8, 1]).toContain(Number(r.Score));
  });

  it("uses a fresh key per dataset, and a stable one within a research project", async () => {
    const db = database.handle().db;
    const subjects = async (params: Record<string, unknown>) => {
      const { bytes } = await build("progsnap2", "research", params);
      const { entries, close } = await openZip(bytes);
      const rows = parse((await entries.find((e) => e.name === "MainTable.csv")!.read()).toString(), { columns: true }) as Record<string, string>[];
      close();
      return [...new Set(rows.map((r) => r.SubjectID))].sort();
    };
    expect(await subjects({})).not.toEqual(await subjects({}));
    const [project] = await db.insert(s.researchProjects).values({ ownerUserId: instructorId, name: "p" }).returning();
    expect(await subjects({ projectId: project.id })).toEqual(await subjects({ projectId: project.id }));
  });
});

describe("research events CSV", () => {
  it("names code states under the dataset's key as the ProgSnap2 dataset does, consenting students' only", async () => {
    const db = database.handle().db;
    const [project] = await db.insert(s.researchProjects).values({ ownerUserId: instructorId, name: "states" }).returning();
    const { bytes } = await build("events", "research", { projectId: project.id });
    const rows = parse(bytes.toString(), { columns: true }) as Record<string, string>[];
    const declined = new Set((await db.select().from(s.researchConsents).where(eq(s.researchConsents.courseId, seed.courseId))).filter((c) => c.choice === "declined").map((c) => c.userId));
    const events = await db.select({ userId: s.codingEvents.userId, codeStateId: s.codingEvents.codeStateId }).from(s.codingEvents);
    const nameOf = uuidPseudonyms(pseudonymKey({ projectId: project.id }), "codestate");
    const expected = events.filter((e) => e.codeStateId && seed.studentIds.includes(e.userId) && !declined.has(e.userId)).map((e) => nameOf(e.codeStateId!));
    expect(declined.size).toBeGreaterThan(0);
    expect(rows.filter((r) => r.code_state_id).map((r) => r.code_state_id).sort()).toEqual(expected.sort());
  });
});

describe("staff exports", () => {
  it("events CSV: every student's events with names (consent does not apply), test student left out by default", async () => {
    const { bytes } = await build("events", "staff");
    const rows = parse(bytes.toString().replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(seed.events + 1);
    expect(new Set(rows.map((r) => r.student_id)).size).toBe(STUDENTS);
    expect(rows[0].client_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it("grades CSV: one row per student and assignment, and a date range narrows it", async () => {
    const { bytes } = await build("grades", "staff");
    const rows = parse(bytes.toString().replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(STUDENTS * 2);
    expect(rows[0]).toMatchObject({ points_possible: "10", status: "graded", lms_sync: "none", overridden: "no" });
    const later = await build("grades", "staff", { from: "2999-01-01" });
    const none = parse(later.bytes.toString().replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(none.map((r) => r.status)).toEqual(Array(STUDENTS * 2).fill("not_started"));
    const withTest = await build("grades", "staff", { includeTestStudents: true, roles: ["student", "ta"] });
    expect(parse(withTest.bytes.toString().replace(/^\uFEFF/, ""), { columns: true })).toHaveLength((STUDENTS + 2) * 2);
  });

  it("Canvas CSV: identity columns, one column per assignment, a Points Possible row", async () => {
    const { bytes } = await build("canvas", "staff");
    const [header, points, ...students] = parse(bytes.toString().replace(/^\uFEFF/, "")) as string[][];
    expect(header).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 1", "Exercise 2"]);
    expect(points).toEqual(["    Points Possible", "", "", "", "", "10", "10"]);
    expect(students).toHaveLength(STUDENTS);
  });

  it("a Canvas CSV round-trips through the comparison: no differences, then exactly the edited cell", async () => {
    const { bytes } = await build("canvas", "staff");
    const text = bytes.toString();
    const same = await compareCanvasGradebook({ courseId: seed.courseId, csv: text });
    expect(same).toMatchObject({ students: STUDENTS, matchedStudents: STUDENTS, differences: [], agreeing: STUDENTS * 2 });
    const lines = text.split("\r\n");
    const cells = lines[2].split(",");
    cells[5] = String(Number(cells[5]) + 1);
    lines[2] = cells.join(",");
    const edited = await compareCanvasGradebook({ courseId: seed.courseId, csv: lines.join("\r\n") });
    expect(edited.differences).toEqual([expect.objectContaining({ assignment: "Exercise 1", kind: "differs", canvas: cells[5] })]);
    await expect(compareCanvasGradebook({ courseId: seed.courseId, csv: "Name,Score\nx,1\n" })).rejects.toThrow(/not a Canvas gradebook/);
  });

  it("submissions: CSV alone, or a zip with every version's code", async () => {
    const csv = await build("submissions", "staff");
    expect(parse(csv.bytes.toString().replace(/^\uFEFF/, ""), { columns: true })).toHaveLength(STUDENTS * 2);
    const zip = await build("submissions", "staff", { code: "all" });
    const { entries, close } = await openZip(zip.bytes);
    expect(entries.some((e) => e.name === "submissions.csv")).toBe(true);
    expect(entries.filter((e) => /\/v1-submit\/main\.py$/.test(e.name))).toHaveLength(STUDENTS * 2);
    close();
  });
});

describe("ProgSnap2 code states", () => {
  // Runs last: it adds events to the shared seed. Event pages carry a code state's files only where the state
  // changed from the previous event; a run's error is folded into the run, so the state it brought can be new to
  // the builder at the next event, which must fetch the files itself.
  it("writes the files of a code state first seen after a folded run error", async () => {
    const db = database.handle().db;
    const declined = new Set((await db.select().from(s.researchConsents).where(eq(s.researchConsents.courseId, seed.courseId))).filter((c) => c.choice === "declined").map((c) => c.userId));
    const userId = seed.studentIds.find((id) => !declined.has(id))!;
    const [sub] = await db.select().from(s.submissions).where(eq(s.submissions.userId, userId)).limit(1);
    const [ran, errored] = await db
      .insert(s.codeStates)
      .values([
        { hash: "fold-ran", files: [{ name: "main.py", content: "print(undefined_name)\n" }], bytes: 22 },
        { hash: "fold-errored", files: [{ name: "main.py", content: "print('fixed after the error')\n" }], bytes: 30 },
      ])
      .returning();
    const event = (eventType: string, second: number, codeStateId: string, data: Record<string, unknown> | null = null) => ({
      submissionId: sub.id, userId, clientEventId: crypto.randomUUID(), clientSessionId: "fold", eventType,
      clientTimestamp: new Date(`2031-01-01T00:00:0${second}Z`), clientTimezone: "UTC", codeStateId, data,
    });
    await db.insert(s.codingEvents).values([
      event("Run.Program", 1, ran.id),
      event("Run.Error", 2, errored.id, { type: "NameError", message: "name 'undefined_name' is not defined" }),
      event("File.Edit", 3, errored.id),
    ]);
    const { bytes } = await build("progsnap2", "research");
    const report = await validateProgSnap2(bytes);
    expect(report.problems).toEqual([]);
    const { entries, close } = await openZip(bytes);
    const main = parse((await entries.find((e) => e.name === "MainTable.csv")!.read()).toString(), { columns: true }) as Record<string, string>[];
    const edit = main.find((r) => r.EventType === "File.Edit" && r.ClientTimestamp.startsWith("2031-01-01T00:00:03"))!;
    const file = entries.find((e) => e.name === `CodeStates/${edit.CodeStateID}/main.py`);
    expect((await file?.read())?.toString()).toBe("print('fixed after the error')\n");
    close();
  });
});
