import { z } from "zod";
import { storableString } from "@/lib/storable";
import { checkPythonLiteral } from "./python-literal";
import type { PyValue } from "./py-value";
import type { AssertTest, CallTest, FunctionTest, IoCase, LatePolicy, StarterFile } from "./types";

export type { AssertTest, CallTest, FunctionTest, IoCase, LatePolicy, StarterFile };

/** Largest total size of a student's files (UTF-8 bytes); larger saves are refused with a 413. */
export const MAX_FILES_BYTES = 256 * 1024;
export const MAX_FILES = 20;

/** Data files students read (read-only starter files such as data.csv) besides Python modules. */
export const DATA_FILE_EXTENSIONS = ["txt", "csv", "tsv", "json", "dat", "md", "xml", "yaml", "yml", "in", "out"] as const;
const PYTHON_FILE = /^[A-Za-z_][A-Za-z0-9_]*\.py$/;
const DATA_FILE = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_-]*\\.(${DATA_FILE_EXTENSIONS.join("|")})$`);

const fileName = z
  .string()
  .min(1)
  .max(100)
  .refine((name) => PYTHON_FILE.test(name) || DATA_FILE.test(name), "must be a Python file name such as main.py, or a data file such as data.csv");

// Content size is bounded by the request body limit and checked in total by `filesBytes` (a 413, not a 400).
export const starterFileSchema = z
  .object({ name: storableString("A file name").pipe(fileName), content: z.string() })
  .superRefine((file, ctx) => {
    const content = storableString(file.name).safeParse(file.content);
    if (!content.success) ctx.addIssue({ code: "custom", path: ["content"], message: content.error.issues[0].message });
  });
export const filesSchema = z
  .array(starterFileSchema)
  .min(1)
  .max(MAX_FILES)
  .refine((files) => new Set(files.map((f) => f.name)).size === files.length, "file names must be unique");

const PYTHON_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const common = {
  points: z.number({ error: "Points must be a number" }).min(0, "Points cannot be negative").max(1000, "At most 1000 points per test"),
  message: z.string().max(500, "The feedback message can have at most 500 characters").default(""),
  visibility: z.enum(["visible", "hidden"], { error: "Choose whether students see this test (visible) or not (hidden)" }),
};

const tolerance = z
  .number({ error: "The tolerance must be a number such as 1e-6" })
  .gt(0, "The tolerance must be greater than 0 (leave it empty for exact comparison)")
  .lt(1, "The tolerance is relative: use a small number such as 1e-6")
  .optional();

/** A Python-literal field: parses, or reports the problem with its line and column. */
function literal(what: string, check?: (value: PyValue) => string | null) {
  return z
    .string()
    .max(100_000, `The ${what} can have at most 100,000 characters`)
    .superRefine((text, ctx) => {
      const parsed = checkPythonLiteral(text);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: `The ${what} is not a Python literal: ${parsed.error.message}` });
        return;
      }
      const problem = check?.(parsed.value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

export const assertTestSchema = z
  .object({
    kind: z.literal("assert"),
    name: z.string().regex(/^test_[A-Za-z0-9_]*$/, "The name must be a Python function name starting with test_, e.g. test_empty_list"),
    code: z.string().min(1, "Write the test function (def test_…(): with assert statements)").max(20_000, "A test can have at most 20,000 characters"),
    ...common,
  })
  .refine((t) => new RegExp(`^def\\s+${t.name.replace(/\W/g, "\\$&")}\\s*\\(`, "m").test(t.code), {
    message: "The code must define the test function under the test's name (def <name>(): …)",
    path: ["code"],
  }) satisfies z.ZodType<AssertTest>;

export const callTestSchema = z.object({
  kind: z.literal("call"),
  name: z.string().min(1, "Give the test a name").max(100, "The name can have at most 100 characters"),
  function: z.string().regex(PYTHON_NAME, "The function must be the name of a function in the student's main file, e.g. add"),
  args: literal("argument list", (v) =>
    v.type === "list" || v.type === "tuple" ? null : "The arguments must be a list, e.g. [3, 'a'] to call f(3, 'a'), or [] for no arguments",
  ),
  expected: literal("expected value"),
  floatTolerance: tolerance,
  ...common,
}) satisfies z.ZodType<CallTest>;

export const functionTestSchema = z.discriminatedUnion("kind", [assertTestSchema, callTestSchema], {
  error: "A function test is either an assert test (kind: assert) or a call test (kind: call)",
}) satisfies z.ZodType<FunctionTest>;

export const ioCaseSchema = z.object({
  name: z.string().min(1, "Give the case a name").max(100, "The name can have at most 100 characters"),
  stdin: z.string().max(100_000, "The input can have at most 100,000 characters"),
  expectedStdout: z.string().max(100_000, "The expected output can have at most 100,000 characters"),
  comparison: z.enum(["exact", "trim", "whitespace", "numeric"], { error: "Choose how the output is compared: exact, trim, whitespace or numeric" }),
  ignoreCase: z.boolean().optional(),
  floatTolerance: tolerance,
  ...common,
}) satisfies z.ZodType<IoCase>;

export const latePolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("penalty"), percentPerDay: z.number().min(0).max(100), maxPercent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal("no_credit_after_lock") }),
]) satisfies z.ZodType<LatePolicy>;

/** Validates staff-authored tests (the instructor UI issue calls this before saving). */
export const assignmentTestsSchema = z
  .object({ functionTests: z.array(functionTestSchema).max(200), ioCases: z.array(ioCaseSchema).max(200) })
  .refine((t) => new Set(t.functionTests.map((x) => x.name)).size === t.functionTests.length, "Each function test needs its own name");

/** UTF-8 size of a set of files. */
export function filesBytes(files: StarterFile[]): number {
  return files.reduce((n, f) => n + Buffer.byteLength(f.content, "utf8") + f.name.length, 0);
}
