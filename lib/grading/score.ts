import type { TestResult } from "@/lib/models/grades";
import { outputMatches } from "./compare";
import { applyPenalty } from "./policy";
import type { SandboxResult } from "./sandbox";
import type { FunctionTest, IoCase } from "./types";

const DETAIL_LIMIT = 2000;

/** Turns the sandbox's raw outcomes into per-test results (failed runs count as timeouts or errors). */
export function buildResults(
  tests: { functionTests: FunctionTest[]; ioCases: IoCase[] },
  outcome: SandboxResult,
): TestResult[] {
  const stopped = outcome.failure?.kind === "timeout" ? "timeout" : "error";
  const stoppedMessage = outcome.failure?.message ?? "";
  const io = tests.ioCases.map((c, i): TestResult => {
    const r = outcome.cases[i];
    const base = { kind: "io" as const, name: c.name, visibility: c.visibility, points: c.points };
    if (!r) return { ...base, status: stopped, earned: 0, message: stoppedMessage };
    const passed = !r.error && outputMatches(r.stdout, c.expectedStdout, c.comparison);
    const detail = (r.error ? `${r.stdout}${r.stderr}\n${r.error.message}` : r.stdout).slice(0, DETAIL_LIMIT);
    return {
      ...base,
      status: passed ? "passed" : r.error ? "error" : "failed",
      earned: passed ? c.points : 0,
      message: passed ? "" : c.message || (r.error ? `${r.error.type} while running` : "Output did not match"),
      detail,
    };
  });
  const fn = tests.functionTests.map((t, i): TestResult => {
    const r = outcome.tests[i];
    const base = { kind: "function" as const, name: t.name, visibility: t.visibility, points: t.points };
    if (!r) return { ...base, status: stopped, earned: 0, message: stoppedMessage };
    const passed = r.status === "passed";
    return {
      ...base,
      status: r.status,
      earned: passed ? t.points : 0,
      message: passed ? "" : [t.message, r.message].filter(Boolean).join(" — ").slice(0, DETAIL_LIMIT),
      detail: r.status === "error" ? r.message.slice(0, DETAIL_LIMIT) : undefined,
    };
  });
  return [...fn, ...io];
}

/** The raw score scaled to the assignment's points, and the score after the late penalty. */
export function computeScore(results: TestResult[], points: number, penaltyPercent: number) {
  const available = results.reduce((n, r) => n + r.points, 0);
  const earned = results.reduce((n, r) => n + r.earned, 0);
  const rawScore = available > 0 ? Math.round((earned / available) * points * 100) / 100 : 0;
  return { maxScore: points, rawScore, score: applyPenalty(rawScore, penaltyPercent) };
}
