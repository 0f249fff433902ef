// Seeds one large course into a database: N students,
// an instructor, a TA and a test student, M published assignments with tests, and K coding events per student spread
// over the assignments (sessions, edits with their code states, runs, errors, focus changes, pastes), ending in a
// graded submission per student and assignment (version, grading job and run, grade history). The course uses the
// opt-out research-consent model; P percent of students declined. Used by `npm run seed:scale` (bench/seed-scale.ts),
// the export and gradebook benches, and the export tests.
import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../client";
import * as s from "../schema";
import type { FunctionTest } from "../schema";

export type ScaleSeed = { courseId: string; assignmentIds: string[]; studentIds: string[]; events: number; codeStates: number; submissions: number };

const TESTS: FunctionTest[] = [
  { kind: "assert", name: "test_total", code: "def test_total():\n    assert total(3) == 6", points: 5, message: "total(3) should be 6.", visibility: "visible" },
  { kind: "assert", name: "test_zero", code: "def test_zero():\n    assert total(0) == 0", points: 3, message: "total(0) should be 0.", visibility: "visible" },
  { kind: "assert", name: "test_big", code: "def test_big():\n    assert total(100) == 5050", points: 2, message: "Check larger inputs.", visibility: "hidden" },
];

function codeFor(student: number, assignment: number, step: number): string {
  const lines = [`# Assignment ${assignment + 1}, student ${student}, version ${step}`, "def total(n):", "    result = 0"];
  for (let i = 0; i < step % 24; i++) lines.push(`    result += ${i} * n  # step ${step}.${i}`);
  lines.push("    return result", "", "print(total(int(input())))");
  return lines.join("\n") + "\n";
}

const hashFiles = (files: { name: string; content: string }[]) =>
  createHash("sha256").update(JSON.stringify(files.map((f) => [f.name, f.content]))).digest("base64url");

async function insertRows(db: Database, table: string, columns: string[], types: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const arrays = columns.map((_, c) => sql.param(rows.map((r) => r[c])));
  const selects = sql.join(arrays.map((a, c) => sql`${a}::${sql.raw(types[c])}[]`), sql`, `);
  await db.execute(sql`insert into ${sql.raw(table)} (${sql.raw(columns.join(", "))}) select * from unnest(${selects})`);
}

/** Seeds the course (see the header comment) and returns its ids and counts. */
export async function seedScale(
  db: Database,
  { students, assignments, eventsPerStudent, declinedPercent = 0, title = "Scale course" }: { students: number; assignments: number; eventsPerStudent: number; declinedPercent?: number; title?: string },
): Promise<ScaleSeed> {
  const [course] = await db.insert(s.courses).values({ title, code: "SCALE" }).returning();
  const start = Date.now() - 30 * 24 * 3600_000;
  const assignmentRows = await db
    .insert(s.assignments)
    .values(
      Array.from({ length: assignments }, (_, a) => ({
        courseId: course.id,
        title: `Exercise ${a + 1}`,
        starterFiles: [{ name: "main.py", content: codeFor(0, a, 0) }],
        points: 10,
        functionTests: TESTS,
        position: a,
        dueAt: new Date(start + (a + 1) * 7 * 24 * 3600_000),
        publishedAt: new Date(start),
      })),
    )
    .returning({ id: s.assignments.id });
  const staff = await db
    .insert(s.users)
    .values([{ name: "Scale Instructor", email: "scale.instructor@example.edu" }, { name: "Scale TA", email: "scale.ta@example.edu" }, { name: "Test Student", isTestUser: true }])
    .returning({ id: s.users.id });
  await db.insert(s.enrollments).values([
    { courseId: course.id, userId: staff[0].id, role: "instructor", source: "seed" },
    { courseId: course.id, userId: staff[1].id, role: "ta", source: "seed" },
    { courseId: course.id, userId: staff[2].id, role: "student", source: "seed" },
  ]);
  await db.insert(s.courseResearchSettings).values({ courseId: course.id, consentModel: "opt_out", wording: "Your anonymised coding activity may be used for research on how people learn to program." });

  const studentIds: string[] = [];
  let events = 0;
  let codeStates = 0;
  let submissionsMade = 0;
  const eventsPerAssignment = Math.max(1, Math.floor(eventsPerStudent / assignments));
  const BATCH_STUDENTS = 50;
  for (let first = 0; first < students; first += BATCH_STUDENTS) {
    const count = Math.min(BATCH_STUDENTS, students - first);
    const users = await db
      .insert(s.users)
      .values(Array.from({ length: count }, (_, i) => ({ name: `Student ${first + i + 1}`, email: `student${first + i + 1}@example.edu` })))
      .returning({ id: s.users.id });
    studentIds.push(...users.map((u) => u.id));
    await db.insert(s.enrollments).values(users.map((u) => ({ courseId: course.id, userId: u.id, role: "student" as const, source: "seed" as const })));
    const declined = users.filter((_, i) => ((first + i) * 37) % 100 < declinedPercent);
    if (declined.length) await db.insert(s.researchConsents).values(declined.map((u) => ({ courseId: course.id, userId: u.id, choice: "declined" as const })));

    const states: unknown[][] = [];
    const eventRows: unknown[][] = [];
    const subs: unknown[][] = [];
    const versions: unknown[][] = [];
    const jobs: unknown[][] = [];
    const runs: unknown[][] = [];
    const history: unknown[][] = [];
    users.forEach((user, i) => {
      const student = first + i + 1;
      for (let a = 0; a < assignments; a++) {
        const submissionId = randomUUID();
        let t = start + a * 7 * 24 * 3600_000 + student * 60_000;
        let session = randomUUID();
        let codeStateId: string | null = null;
        let step = 0;
        const event = (type: string, data: Record<string, unknown> | null = null, withCode = false) => {
          t += 1000 + ((student * 7919 + events) % 9000);
          eventRows.push([submissionId, user.id, randomUUID(), session, type, new Date(t).toISOString(), "America/New_York", withCode ? codeStateId : null, data ? JSON.stringify(data) : null]);
          events++;
        };
        const newCode = () => {
          step++;
          const files = [{ name: "main.py", content: codeFor(student, a, step) }];
          codeStateId = randomUUID();
          states.push([codeStateId, hashFiles(files), JSON.stringify(files), files[0].content.length]);
          codeStates++;
        };
        event("Session.Start");
        for (let n = 1; n < eventsPerAssignment - 1; n++) {
          const roll = (n * 31 + student) % 20;
          if (n % 120 === 0) {
            event("Session.End");
            session = randomUUID();
            event("Session.Start");
            n++;
          } else if (roll < 9) {
            newCode();
            event("File.Edit", null, true);
          } else if (roll < 13) event("Run.Program", null, true);
          else if (roll === 13) event("Compile.Error", { type: "SyntaxError", message: `File "main.py", line ${2 + (n % 5)}\n    result +=\n             ^\nSyntaxError: invalid syntax` });
          else if (roll === 14) event("Run.Error", { type: "ZeroDivisionError", message: "ZeroDivisionError: division by zero" });
          else if (roll === 15) event("X-Paste", { size: 40 + (n % 200) });
          else if (roll === 16) event("X-Check", null, true);
          else if (roll === 17) event("X-Blur");
          else event("X-Focus");
        }
        if (!codeStateId) newCode();
        event("Submit", null, true);
        event("Session.End");
        const versionId = randomUUID();
        const jobId = randomUUID();
        const runId = randomUUID();
        const earned = [5, student % 4 === 0 ? 0 : 3, student % 3 === 0 ? 2 : 0];
        const raw = earned.reduce((x, y) => x + y, 0);
        const submittedAt = new Date(t).toISOString();
        subs.push([submissionId, course.id, assignmentRows[a].id, user.id, "graded", 1, codeStateId, raw, raw, 0, false, 1, new Date(start).toISOString(), submittedAt, submittedAt]);
        versions.push([versionId, submissionId, 1, codeStateId, "submit", submittedAt]);
        jobs.push([jobId, course.id, assignmentRows[a].id, user.id, submissionId, versionId, codeStateId, "done", 1, submittedAt]);
        const results = TESTS.map((test, k) => ({ kind: "function", name: test.name, visibility: test.visibility, status: earned[k] === test.points ? "passed" : "failed", points: test.points, earned: earned[k], message: earned[k] === test.points ? "" : test.message }));
        runs.push([runId, submissionId, jobId, versionId, JSON.stringify(results), 10, raw, 0, raw, false]);
        history.push([submissionId, null, raw, "graded", runId]);
        submissionsMade++;
      }
    });
    await insertRows(db, "code_states", ["id", "hash", "files", "bytes"], ["uuid", "text", "jsonb", "int"], states);
    await insertRows(
      db,
      "submissions",
      ["id", "course_id", "assignment_id", "user_id", "status", "current_version", "current_code_state_id", "score", "raw_score", "late_penalty_percent", "late", "attempts", "started_at", "submitted_at", "graded_at"],
      ["uuid", "uuid", "uuid", "uuid", "text", "int", "uuid", "numeric", "numeric", "numeric", "bool", "int", "timestamptz", "timestamptz", "timestamptz"],
      subs,
    );
    await insertRows(db, "submission_versions", ["id", "submission_id", "version", "code_state_id", "kind", "created_at"], ["uuid", "uuid", "int", "uuid", "text", "timestamptz"], versions);
    await insertRows(
      db,
      "grading_jobs",
      ["id", "course_id", "assignment_id", "user_id", "submission_id", "version_id", "code_state_id", "status", "attempts", "finished_at"],
      ["uuid", "uuid", "uuid", "uuid", "uuid", "uuid", "uuid", "text", "int", "timestamptz"],
      jobs,
    );
    await insertRows(
      db,
      "grading_runs",
      ["id", "submission_id", "job_id", "version_id", "results", "max_score", "raw_score", "late_penalty_percent", "score", "late"],
      ["uuid", "uuid", "uuid", "uuid", "jsonb", "numeric", "numeric", "numeric", "numeric", "bool"],
      runs,
    );
    await insertRows(db, "grade_history", ["submission_id", "old_score", "new_score", "reason", "grading_run_id"], ["uuid", "numeric", "numeric", "text", "uuid"], history);
    for (let k = 0; k < eventRows.length; k += 20_000) {
      await insertRows(
        db,
        "coding_events",
        ["submission_id", "user_id", "client_event_id", "client_session_id", "event_type", "client_timestamp", "client_timezone", "code_state_id", "data"],
        ["uuid", "uuid", "uuid", "text", "text", "timestamptz", "text", "uuid", "jsonb"],
        eventRows.slice(k, k + 20_000),
      );
    }
  }
  return { courseId: course.id, assignmentIds: assignmentRows.map((r) => r.id), studentIds, events, codeStates, submissions: submissionsMade };
}

/**
 * Vacuums and analyzes the tables seedScale fills, as after any bulk load: until then the planner has no statistics
 * for a million fresh rows. Where autovacuum is off or has not come round yet (this machine's PostgreSQL has it
 * off), an export read right after seeding planned sequential scans and JIT-compiled every page query: a
 * million-event ProgSnap2 build took 137 s against 33 s once analyzed (issue 15's bench). VACUUM cannot run inside
 * a transaction, so this is for the seeding commands, not for tests that seed inside one.
 */
export async function analyzeScaleSeed(db: Database): Promise<void> {
  await db.execute(sql`vacuum (analyze) users, enrollments, submissions, submission_versions, code_states, coding_events, grading_jobs, grading_runs, grade_history`);
}
