// What running a submission produces, before scoring: the same shapes from the server's grader and the browser's
// Check, so both score with the same code (lib/grading/score.ts). Nothing here is a verdict the student's code
// could write: I/O cases carry the captured output, call tests the returned value as marshal bytes (compared
// outside the interpreter), assert tests the verdict of an interpreter that never ran the student's code.

export type RunError = { type: string; phase: "compile" | "run"; message: string };

/** One run of the main file with an I/O case's stdin. */
export type CaseOutcome = { stdout: string; stderr: string; exitCode: number; truncated: boolean; error: RunError | null };

/** An assert test's verdict. */
export type AssertOutcome = { kind: "assert"; status: "passed" | "failed" | "error"; message: string; phase?: "compile" | "run" };

/** What calling the student's function returned: plain data (CPython marshal, base64), another object, or an error. */
export type CallResult =
  | { type: "value"; marshal: string }
  | { type: "object"; typeName: string }
  | { type: "raised"; error: RunError };

export type CallOutcome = { kind: "call"; result: CallResult; stdout: string };

export type TestOutcome = AssertOutcome | CallOutcome;

export type RunFailure = { kind: "timeout" | "memory" | "crash" | "output" | "exit" | "interfered"; message: string };

/** Results in job order; `null` for what never finished because the run was stopped (see `failure`). */
export type RunOutcome = {
  cases: (CaseOutcome | null)[];
  tests: (TestOutcome | null)[];
  failure: RunFailure | null;
  ms: number;
};
