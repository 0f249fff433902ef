// Shapes stored in assignment columns (db/schema/courses.ts imports these types; they carry no runtime code).

export type StarterFile = { name: string; content: string };

/** A Python `test_*` function run against the student's module (staff-authored; hidden ones never reach students). */
export type FunctionTest = {
  name: string;
  code: string;
  points: number;
  /** Shown to the student when the test fails. */
  message: string;
  visibility: "visible" | "hidden";
};
/** How an I/O case's actual stdout is compared with the expected stdout. */
export type OutputComparison = "exact" | "trim" | "whitespace" | "numeric";
/** Runs the main file with `stdin` and compares its stdout with `expectedStdout`. */
export type IoCase = {
  name: string;
  stdin: string;
  expectedStdout: string;
  comparison: OutputComparison;
  points: number;
  message: string;
  visibility: "visible" | "hidden";
};

export type LatePolicy =
  | { kind: "none" }
  | { kind: "penalty"; percentPerDay: number; maxPercent: number }
  | { kind: "no_credit_after_lock" };
