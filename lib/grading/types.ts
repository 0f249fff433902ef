// Shapes stored in assignment columns (db/schema/courses.ts imports these types; they carry no runtime code).
// These are the contract between the assignment editor (staff write them), the grader (runs them in isolation)
// and the browser's Check (runs the visible ones). Hidden tests never reach a student's browser.

export type StarterFile = { name: string; content: string };

export type TestVisibility = "visible" | "hidden";

type TestCommon = {
  /** Shown to staff and (for visible tests) students. For `assert` tests also the Python function's name. */
  name: string;
  points: number;
  /** Feedback shown to the student when the test fails. */
  message: string;
  visibility: TestVisibility;
};

/**
 * An instructor-written Python test function (`def test_…():` using `assert`) run against the student's module,
 * only after the student's own code has finished running.
 */
export type AssertTest = TestCommon & { kind: "assert"; code: string };

/**
 * Calls the student's function `function` with the positional arguments in `args` (a Python literal list, e.g.
 * `[[3, 1, 2], True]`) and compares the value it returns with `expected` (a Python literal, e.g. `(1, 2, 3)`).
 * The comparison is made by the grader outside the student's interpreter, on plain data only (numbers, strings,
 * booleans, None, lists, tuples, dicts, sets): an object of the student's own classes never passes.
 */
export type CallTest = TestCommon & {
  kind: "call";
  function: string;
  args: string;
  expected: string;
  /** Relative tolerance for floats inside the returned value; exact when absent. */
  floatTolerance?: number;
};

export type FunctionTest = AssertTest | CallTest;

/** How an I/O case's actual stdout is compared with the expected stdout. */
export type OutputComparison = "exact" | "trim" | "whitespace" | "numeric";

/** Runs the main file with `stdin` and compares its stdout with `expectedStdout`. */
export type IoCase = TestCommon & {
  stdin: string;
  expectedStdout: string;
  comparison: OutputComparison;
  /** Letters compare case-insensitively. */
  ignoreCase?: boolean;
  /** Relative tolerance for numeric tokens (`numeric` comparison); 1e-6 when absent. */
  floatTolerance?: number;
};

export type LatePolicy =
  | { kind: "none" }
  | { kind: "penalty"; percentPerDay: number; maxPercent: number }
  | { kind: "no_credit_after_lock" };
