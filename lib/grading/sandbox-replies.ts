// What a student's grading process may answer, parsed before anything else looks at it. The process ran the
// student's code, so every reply is untrusted data: shapes are checked, strings bounded, and returned values must
// be marshal bytes that decode strictly (lib/grading/marshal.ts) — never an object, never a verdict.
import { z } from "zod";
import { decodeMarshal, fromBase64, MarshalError } from "./marshal";
import type { CallResult, CaseOutcome, RunError } from "./outcome";
import { toWire, type WireValue } from "./py-value";

const MESSAGE_LIMIT = 8000;
const NAME_LIMIT = 200;

const text = (limit: number) => z.string().transform((s) => s.slice(0, limit));

const runError = z.object({
  type: text(NAME_LIMIT),
  phase: z.enum(["compile", "run"]).catch("run"),
  message: text(MESSAGE_LIMIT),
});

export const caseReply = (outputLimit: number) =>
  z.object({
    stdout: text(outputLimit),
    stderr: text(outputLimit),
    exitCode: z.number().int().catch(1),
    truncated: z.boolean().catch(false),
    error: runError.nullable(),
  }) satisfies z.ZodType<CaseOutcome>;

const encoded = z.union([
  z.object({ type: z.literal("value"), marshal: z.string().max(1_500_000) }),
  z.object({ type: z.literal("object"), typeName: text(NAME_LIMIT), handle: z.number().int().positive() }),
  z.object({ type: z.literal("raised"), error: runError }),
]);
type Encoded = z.infer<typeof encoded>;

const items = z.object({ type: z.literal("items"), items: z.array(encoded).max(100_000) });

export const callReply = (outputLimit: number) => z.object({ result: encoded, stdout: text(outputLimit) });
export const opReply = (outputLimit: number) => z.object({ result: z.union([encoded, items]), stdout: text(outputLimit) });
export const importReply = (outputLimit: number) =>
  z.object({
    error: runError.nullable(),
    stdout: text(outputLimit),
    names: z.array(z.object({ name: text(NAME_LIMIT), value: encoded })).max(1000),
  });

/** A call test's result for scoring: marshal bytes are kept (score.ts decodes them), handles are dropped. */
export function toCallResult(e: Encoded): CallResult {
  if (e.type === "object") return { type: "object", typeName: e.typeName };
  return e;
}

/** What the tests interpreter receives for a value of the student's: plain data as wire JSON, or a proxy handle. */
export type TestsValue =
  | { type: "value"; value: WireValue }
  | { type: "object"; handle: number; typeName: string }
  | { type: "raised"; error: RunError }
  | { type: "items"; items: TestsValue[] };

export function toTestsValue(e: Encoded | z.infer<typeof items>): TestsValue {
  if (e.type === "items") return { type: "items", items: e.items.map(toTestsValue) };
  if (e.type !== "value") return e;
  try {
    return { type: "value", value: toWire(decodeMarshal(fromBase64(e.marshal))) };
  } catch (error) {
    if (!(error instanceof MarshalError) && !(error instanceof DOMException)) throw error;
    return { type: "raised", error: { type: "TypeError", phase: "run", message: `The grader could not read a returned value (${error.message}).` } };
  }
}
