import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { ensureOwnSubmission } from "@/lib/models/submissions";
import { person, SOLUTION, world } from "@/lib/submissions/test-world";
import { insertAssignment } from "./assignments";
import { claimGradingJob, insertRegradeJobs, MAX_GRADING_ATTEMPTS, selectQueuePlace, submitSubmission, updateGradingJobFailure } from "./grading-jobs";
import { insertReferenceCheck, selectReferenceCheck, updateReferenceCheckResult } from "./reference-checks";

withTestDatabase();

async function authzFor(token: string, courseId: string) {
  const session = (await resolveSessionToken(token, "header"))!;
  return requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session });
}

/** Submits distinct files `n` times for a student (each submit after the previous job left the queue). */
async function submitMany(w: Awaited<ReturnType<typeof world>>, who: { token: string }, n: number, tag: string) {
  const authz = await authzFor(who.token, w.course.id);
  const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
  const jobs = [];
  for (let i = 0; i < n; i++) {
    const { job } = await submitSubmission({ authz, assignment: w.assignment, submission, files: [{ name: "main.py", content: `${SOLUTION}# ${tag} ${i}` }], clientSavedAt: null });
    jobs.push(job);
    // A queued job would be re-pointed at the newer version; park it so the next submit queues its own job.
    await db().execute(sql`update grading_jobs set status = 'failed' where id = ${job.id}`);
  }
  for (const job of jobs) await db().execute(sql`update grading_jobs set status = 'queued' where id = ${job.id}`);
  return jobs;
}

async function drainOrder(): Promise<string[]> {
  const order: string[] = [];
  for (;;) {
    const job = await claimGradingJob(systemAuthz());
    if (!job) return order;
    order.push(job.id);
    await db().execute(sql`update grading_jobs set status = 'done', locked_until = null where id = ${job.id}`);
  }
}

describe("grading queue", () => {
  it("takes live jobs round-robin across students, counting what each student already has running", async () => {
    const w = await world();
    const alice = await submitMany(w, w.alice, 4, "a");
    const bob = await submitMany(w, w.bob, 1, "b");
    // Alice's first job is being graded: Bob's only job goes before her second.
    const first = await claimGradingJob(systemAuthz());
    expect(first?.id).toBe(alice[0].id);
    expect(await selectQueuePlace({ job: bob[0] })).toMatchObject({ position: 1 });
    expect(await selectQueuePlace({ job: alice[3] })).toMatchObject({ position: 4 });
    expect(await selectQueuePlace({ job: first! })).toBeNull();
    const next = await claimGradingJob(systemAuthz());
    expect(next?.id).toBe(bob[0].id);
    await db().execute(sql`update grading_jobs set status = 'done' where id in (${first!.id}, ${next!.id})`);
    expect(await drainOrder()).toEqual([alice[1].id, alice[2].id, alice[3].id]);
  });

  it("takes courses in turn, and bulk regrades only when no live job waits", async () => {
    const w = await world();
    const other = await insertCourse({ values: { title: "CS 2", code: null } });
    const assignment = await insertAssignment({ authz: systemAuthz(), courseId: other.id, values: { title: "B", points: 1, publishedAt: new Date() } });
    const carol = await person("Carol");
    await ensureEnrollment({ courseId: other.id, userId: carol.user.id, role: "student", source: "manual" });
    const crowd = [];
    for (let i = 0; i < 3; i++) {
      const s = await person(`S${i}`);
      await ensureEnrollment({ courseId: w.course.id, userId: s.user.id, role: "student", source: "manual" });
      crowd.push((await submitMany(w, s, 1, `s${i}`))[0]);
    }
    const teacher = await authzFor(w.teacher.token, w.course.id);
    expect(await insertRegradeJobs({ authz: teacher, assignment: w.assignment })).toEqual({ queued: 3 });
    expect(await insertRegradeJobs({ authz: teacher, assignment: w.assignment })).toEqual({ queued: 0 });
    const carolAuthz = await authzFor(carol.token, other.id);
    const carolSubmission = await ensureOwnSubmission({ authz: carolAuthz, assignment });
    const { job: carolJob } = await submitSubmission({ authz: carolAuthz, assignment, submission: carolSubmission, files: [{ name: "main.py", content: "x = 1" }], clientSavedAt: null });
    const order = await drainOrder();
    // Course 1's first job, then course 2's only job (its turn comes before course 1's second), then the rest.
    expect(order.slice(0, 4)).toEqual([crowd[0].id, carolJob.id, crowd[1].id, crowd[2].id]);
    expect(order).toHaveLength(7);
    const purposes = await db().execute(sql`select purpose from grading_jobs where id in (${sql.join(order.slice(4).map((id) => sql`${id}`), sql`, `)})`);
    expect(JSON.stringify(purposes)).not.toMatch(/submission/);
    await expect(insertRegradeJobs({ authz: await authzFor(w.alice.token, w.course.id), assignment: w.assignment })).rejects.toMatchObject({ status: 404 });
  });

  it("hands a job whose grader died back with one more attempt, past the limit too (the grader then records a crash)", async () => {
    const w = await world();
    const [job] = await submitMany(w, w.alice, 1, "crash");
    for (let attempt = 1; attempt <= MAX_GRADING_ATTEMPTS + 1; attempt++) {
      const claimed = await claimGradingJob(systemAuthz(), { jobId: job.id, leaseMs: 300 });
      expect(claimed?.attempts).toBe(attempt);
      expect(await claimGradingJob(systemAuthz(), { jobId: job.id })).toBeNull();
      await new Promise((r) => setTimeout(r, 350));
    }
    await updateGradingJobFailure(systemAuthz(), { jobId: job.id, error: "x", retryAt: null });
    expect(await claimGradingJob(systemAuthz(), { jobId: job.id })).toBeNull();
  });
});

describe("reference checks", () => {
  it("are queued by staff at live priority and read back with per-test verdicts", async () => {
    const w = await world();
    const teacher = await authzFor(w.teacher.token, w.course.id);
    const check = await insertReferenceCheck({ authz: teacher, assignment: w.assignment, files: [{ name: "main.py", content: SOLUTION }] });
    expect(check).toMatchObject({ purpose: "reference", priority: 0, submissionId: null, userId: w.teacher.user.id });
    const before = await selectReferenceCheck({ authz: teacher, assignment: w.assignment, unsafeCheckId: check.id });
    expect(before).toMatchObject({ status: "queued", results: null, queue: { position: 1 } });
    const claimed = await claimGradingJob(systemAuthz(), { jobId: check.id });
    const results = [{ kind: "io" as const, name: "x", visibility: "hidden" as const, status: "passed" as const, points: 1, earned: 1, message: "" }];
    await updateReferenceCheckResult(systemAuthz(), { jobId: claimed!.id, results, failure: null });
    expect(await selectReferenceCheck({ authz: teacher, assignment: w.assignment, unsafeCheckId: check.id })).toMatchObject({ status: "done", results, failure: null, queue: null });

    const student = await authzFor(w.alice.token, w.course.id);
    await expect(insertReferenceCheck({ authz: student, assignment: w.assignment, files: [] })).rejects.toMatchObject({ status: 404 });
    await expect(selectReferenceCheck({ authz: student, assignment: w.assignment, unsafeCheckId: check.id })).rejects.toMatchObject({ status: 404 });
    await expect(selectReferenceCheck({ authz: teacher, assignment: w.assignment, unsafeCheckId: "nope" })).rejects.toMatchObject({ status: 404 });
  });
});
