import type { TestResult } from "@/lib/models/grades";
import { outputMatches } from "./compare";
import { decodeMarshal, fromBase64, MarshalError } from "./marshal";
import type { CallOutcome, RunOutcome } from "./outcome";
import { applyPenalty } from "./policy";
import { parseCallArguments, parsePythonLiteral } from "./python-literal";
import { pyEquals, pyRepr } from "./py-value";
import type { CallTest, FunctionTest, IoCase } from "./types";

const DETAIL_LIMIT = 2000;

type Scored = Pick<TestResult, "status" | "message" | "detail">;

function withMessage(teacher: string, grader: string): string {
  return [teacher, grader].filter(Boolean).join(" — ").slice(0, DETAIL_LIMIT);
}

/** A call test's verdict: the returned plain value compared with the expected literal here, never in Python. */
export function scoreCall(test: Pick<CallTest, "function" | "args" | "expected" | "floatTolerance">, outcome: CallOutcome): Scored {
  const call = `${test.function}(${parseCallArguments(test.args).map((a) => pyRepr(a, 200)).join(", ")})`;
  const r = outcome.result;
  if (r.type === "raised") {
    return { status: "error", message: `${call} raised ${r.error.type}`, detail: r.error.message.slice(0, DETAIL_LIMIT) };
  }
  if (r.type === "object") {
    return {
      status: "failed",
      message: `${call} returned a ${r.typeName.slice(0, 100)} object; the test compares plain values (numbers, strings, lists, tuples, dicts, sets, None)`,
    };
  }
  let actual;
  try {
    actual = decodeMarshal(fromBase64(r.marshal));
  } catch (error) {
    if (!(error instanceof MarshalError)) throw error;
    return { status: "error", message: `${call} returned a value the grader could not read (${error.message})` };
  }
  const expected = parsePythonLiteral(test.expected);
  if (pyEquals(actual, expected, { floatTolerance: test.floatTolerance })) return { status: "passed", message: "" };
  return { status: "failed", message: `${call} returned ${pyRepr(actual, 300)}, expected ${pyRepr(expected, 300)}` };
}

/** Turns a run's raw outcomes into per-test results (what never ran counts as timed out or as an error). */
export function buildResults(tests: { functionTests: FunctionTest[]; ioCases: IoCase[] }, outcome: RunOutcome): TestResult[] {
  const stopped = outcome.failure?.kind === "timeout" ? "timeout" : "error";
  const stoppedMessage = outcome.failure?.message ?? "";
  const fn = tests.functionTests.map((t, i): TestResult => {
    const r = outcome.tests[i];
    const base = { kind: "function" as const, name: t.name, visibility: t.visibility, points: t.points };
    if (!r) return { ...base, status: stopped, earned: 0, message: stoppedMessage };
    let scored: Scored;
    if (t.kind === "call" && r.kind === "call") scored = scoreCall(t, r);
    else if (t.kind === "assert" && r.kind === "assert") {
      scored = { status: r.status, message: r.message, detail: r.status === "error" ? r.message.slice(0, DETAIL_LIMIT) : undefined };
    } else scored = { status: "error", message: "The grader returned a result of the wrong kind for this test." };
    const passed = scored.status === "passed";
    return {
      ...base,
      status: scored.status,
      earned: passed ? t.points : 0,
      message: passed ? "" : withMessage(t.message, scored.message),
      detail: passed ? undefined : scored.detail,
    };
  });
  const io = tests.ioCases.map((c, i): TestResult => {
    const r = outcome.cases[i];
    const base = { kind: "io" as const, name: c.name, visibility: c.visibility, points: c.points };
    if (!r) return { ...base, status: stopped, earned: 0, message: stoppedMessage };
    const passed = !r.error && outputMatches(r.stdout, c.expectedStdout, c.comparison, c);
    const detail = (r.error ? `${r.stdout}${r.stderr}\n${r.error.message}` : r.stdout).slice(0, DETAIL_LIMIT);
    return {
      ...base,
      status: passed ? "passed" : r.error ? "error" : "failed",
      earned: passed ? c.points : 0,
      message: passed ? "" : c.message || (r.error ? `${r.error.type} while running` : "Output did not match"),
      detail,
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
