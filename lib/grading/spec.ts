import { z } from "zod";
import type { FunctionTest, IoCase, LatePolicy, StarterFile } from "./types";

export type { FunctionTest, IoCase, LatePolicy, StarterFile };

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
export const starterFileSchema = z.object({ name: fileName, content: z.string() });
export const filesSchema = z
  .array(starterFileSchema)
  .min(1)
  .max(MAX_FILES)
  .refine((files) => new Set(files.map((f) => f.name)).size === files.length, "file names must be unique");

export const functionTestSchema = z.object({
  name: z.string().regex(/^test_[A-Za-z0-9_]*$/, "must be a Python name starting with test_"),
  code: z.string().min(1).max(20_000),
  points: z.number().min(0).max(1000),
  message: z.string().max(500).default(""),
  visibility: z.enum(["visible", "hidden"]),
}) satisfies z.ZodType<FunctionTest>;

export const ioCaseSchema = z.object({
  name: z.string().min(1).max(100),
  stdin: z.string().max(100_000),
  expectedStdout: z.string().max(100_000),
  comparison: z.enum(["exact", "trim", "whitespace", "numeric"]),
  points: z.number().min(0).max(1000),
  message: z.string().max(500).default(""),
  visibility: z.enum(["visible", "hidden"]),
}) satisfies z.ZodType<IoCase>;

export const latePolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("penalty"), percentPerDay: z.number().min(0).max(100), maxPercent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal("no_credit_after_lock") }),
]) satisfies z.ZodType<LatePolicy>;

/** Validates staff-authored tests (the instructor UI issue calls this before saving). */
export const assignmentTestsSchema = z
  .object({ functionTests: z.array(functionTestSchema).max(200), ioCases: z.array(ioCaseSchema).max(200) })
  .refine((t) => new Set(t.functionTests.map((x) => x.name)).size === t.functionTests.length, "test names must be unique");

/** UTF-8 size of a set of files. */
export function filesBytes(files: StarterFile[]): number {
  return files.reduce((n, f) => n + Buffer.byteLength(f.content, "utf8") + f.name.length, 0);
}
