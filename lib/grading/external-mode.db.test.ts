import { InngestTestEngine } from "@inngest/test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { inngest } from "@/inngest/client";
import { gradeSubmission, submissionQueued, sweepGradingJobs } from "@/inngest/grading";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { setBackgroundModeForTests } from "@/lib/background";
import { resetEnvForTests } from "@/lib/env";
import { selectOptionalLatestGradingJob, submitSubmission } from "@/lib/models/grading-jobs";
import { ensureOwnSubmission } from "@/lib/models/submissions";
import { SOLUTION, world } from "@/lib/submissions/test-world";
import { notifyGradingQueued } from "./enqueue";
import { runGradingJob } from "./grade";
import type { SandboxPool } from "./sandbox";
import { gradesInThisProcess, markGraderProcess } from "./where";

withTestDatabase();

const holder = globalThis as unknown as { __lanternGraderProcess?: boolean };

afterEach(() => {
  delete process.env.GRADER_MODE;
  delete holder.__lanternGraderProcess;
  resetEnvForTests();
  setBackgroundModeForTests("manual");
  vi.restoreAllMocks();
});

/** A pool that records that it was asked to run something (the real sandbox is tested in sandbox.test.ts). */
function recordingPool() {
  const runs: unknown[] = [];
  const pool = {
    run: async (job: { ioCases: unknown[]; functionTests: unknown[] }) => {
      runs.push(job);
      return { cases: job.ioCases.map(() => null), tests: job.functionTests.map(() => null), failure: null, ms: 0 };
    },
  } as unknown as SandboxPool;
  return { pool, runs };
}

async function queuedJob() {
  const w = await world();
  const session = (await resolveSessionToken(w.alice.token, "header"))!;
  const authz = await requireCourseRole({ unsafeCourseId: w.course.id, roles: ALL_ROLES, session });
  const submission = await ensureOwnSubmission({ authz, assignment: w.assignment });
  const { job } = await submitSubmission({ authz, assignment: w.assignment, submission, files: [{ name: "main.py", content: SOLUTION }], clientSavedAt: null });
  return { job, latest: () => selectOptionalLatestGradingJob({ submission }) };
}

describe("GRADER_MODE=external with Inngest configured", { timeout: 60_000 }, () => {
  it("a web server sends no grading event and claims nothing, even when Inngest runs its grading functions", async () => {
    process.env.GRADER_MODE = "external";
    resetEnvForTests();
    setBackgroundModeForTests("inngest");
    const send = vi.spyOn(inngest, "send");
    const { job, latest } = await queuedJob();

    notifyGradingQueued(job.id);
    expect(send).not.toHaveBeenCalled();
    expect(gradesInThisProcess()).toBe(false);

    const { pool, runs } = recordingPool();
    expect(await runGradingJob({ jobId: job.id, pool })).toEqual({ outcome: "not_claimed" });
    // The Inngest functions as Inngest would call them on this web server (their steps really run).
    const direct = await new InngestTestEngine({ function: gradeSubmission, events: [{ name: submissionQueued.name, data: { jobId: job.id } }] }).execute();
    expect(direct.result).toEqual({ outcome: "not_claimed" });
    const sweep = await new InngestTestEngine({ function: sweepGradingJobs, events: [{ name: "inngest/scheduled.timer", data: {} }] }).execute();
    expect(sweep.result).toEqual({ graded: 0 });

    expect(runs).toHaveLength(0);
    expect(await latest()).toMatchObject({ id: job.id, status: "queued", attempts: 0 });
  });

  it("an `npm run grader` process does grade in external mode", async () => {
    process.env.GRADER_MODE = "external";
    resetEnvForTests();
    markGraderProcess();
    const { job, latest } = await queuedJob();
    const { pool, runs } = recordingPool();
    expect(await runGradingJob({ jobId: job.id, pool })).toEqual({ outcome: "graded", jobId: job.id });
    expect(runs).toHaveLength(1);
    expect(await latest()).toMatchObject({ id: job.id, status: "done", attempts: 1 });
  });

  it("in the embedded default the app's own process grades and Inngest gets the event", async () => {
    setBackgroundModeForTests("inngest");
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["x"] } as never);
    const { job } = await queuedJob();
    notifyGradingQueued(job.id);
    expect(send).toHaveBeenCalledTimes(1);
    expect(gradesInThisProcess()).toBe(true);
  });
});
