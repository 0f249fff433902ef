import { parseCallArguments } from "./python-literal";
import { toWire } from "./py-value";

/** A function test as an interpreter receives it: assert code, or a function name with arguments as wire JSON. */
export type RunnerTest = { kind: "assert"; name: string; code: string } | { kind: "call"; function: string; argsJson: string };

type TestSpec = { kind: "assert"; name: string; code: string } | { kind: "call"; function: string; args: string };

/** Prepares tests for an interpreter (the server's grader and the browser's Check use the same form). */
export function toRunnerTests(tests: TestSpec[]): RunnerTest[] {
  return tests.map((t) =>
    t.kind === "assert"
      ? { kind: "assert", name: t.name, code: t.code }
      : { kind: "call", function: t.function, argsJson: JSON.stringify(parseCallArguments(t.args).map(toWire)) },
  );
}
