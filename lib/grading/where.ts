import { env } from "@/lib/env";

const holder = globalThis as unknown as { __lanternGraderProcess?: boolean };

/** Called by `npm run grader` (scripts/grader.ts): this process is a grader host. */
export function markGraderProcess(): void {
  holder.__lanternGraderProcess = true;
}

/**
 * Whether this process may run grading jobs. In the embedded default every app process grades (its runner, or its
 * Inngest functions when Inngest is configured). With GRADER_MODE=external only `npm run grader` processes do: a
 * web server never claims a job, even when Inngest calls its `grade-submission` or `sweep-grading-jobs` function
 * (README "Grading": keep grading off the web servers).
 */
export function gradesInThisProcess(): boolean {
  return env().GRADER_MODE !== "external" || holder.__lanternGraderProcess === true;
}
