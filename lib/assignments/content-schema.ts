import { z } from "zod";
import { assignmentTestsSchema, filesBytes, latePolicySchema, MAX_FILES, MAX_FILES_BYTES, starterFileSchema } from "@/lib/grading/spec";
import type { FunctionTest, IoCase, LatePolicy, StarterFile } from "@/lib/grading/types";
import { nbgraderNameProblem } from "./nbgrader-name";

// One description of an assignment's authored content, validated by one schema: the editor's save and a content
// import (lib/content) both go through `assignmentContentSchema`, so a field error reads the same in both places.

export const ASSIGNMENT_STATUSES = ["draft", "published", "archived"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Everything staff author about one assignment (its course placement — group, order — is kept apart). */
export type AssignmentContent = {
  /** `python`: work in Lantern's editor; `notebook`: Jupyter with nbgrader through the exchange (no files or tests). */
  kind: "python" | "notebook";
  /** The folder name; for a notebook assignment, its nbgrader assignment name (lib/assignments/nbgrader-name.ts). */
  slug: string;
  title: string;
  points: number;
  status: AssignmentStatus;
  gradedBy: "autograder" | "staff";
  instructions: string;
  /** The first file is the one that runs. */
  starterFiles: StarterFile[];
  readOnlyFiles: string[];
  referenceFiles: StarterFile[];
  functionTests: FunctionTest[];
  ioCases: IoCase[];
  opensAt: Date | null;
  dueAt: Date | null;
  lockAt: Date | null;
  latePolicy: LatePolicy;
  attemptLimit: number | null;
  scoreCounting: "last" | "best";
  gradingTimeLimitMs: number;
};

export const MAX_INSTRUCTIONS = 100_000;

export const slugSchema = z
  .string()
  .min(1, "Give the assignment a short name.")
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lower-case letters, digits and dashes (e.g. sum-of-a-list).");

/** A slug made from a title ("Sum of a list!" → "sum-of-a-list"). */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return slug || "assignment";
}

const fileList = (what: string) =>
  z
    .array(starterFileSchema)
    .max(MAX_FILES, `At most ${MAX_FILES} files.`)
    .refine((files) => new Set(files.map((f) => f.name)).size === files.length, `${what} file names must be unique.`)
    .refine((files) => filesBytes(files) <= MAX_FILES_BYTES, `${what} files are larger than ${MAX_FILES_BYTES / 1024} KiB in total.`);

const slugIssue = (slug: string) => slugSchema.safeParse(slug).error?.issues[0].message ?? null;

export const assignmentContentSchema = z
  .object({
    kind: z.enum(["python", "notebook"]),
    // Any folder name here; which names a kind allows is checked below (a notebook's is nbgrader's name).
    slug: z.string().superRefine((slug, ctx) => {
      if (nbgraderNameProblem(slug) !== null) ctx.addIssue({ code: "custom", message: slugIssue(slug) ?? "Use lower-case letters, digits and dashes." });
    }),
    title: z.string().trim().min(1, "Give the assignment a title.").max(200),
    points: z.number().min(0, "Points cannot be negative.").max(10_000),
    status: z.enum(ASSIGNMENT_STATUSES),
    gradedBy: z.enum(["autograder", "staff"]),
    instructions: z.string().max(MAX_INSTRUCTIONS, "Instructions are too long."),
    starterFiles: fileList("Starter"),
    readOnlyFiles: z.array(z.string()).max(MAX_FILES),
    referenceFiles: fileList("Solution"),
    functionTests: assignmentTestsSchema.shape.functionTests,
    ioCases: assignmentTestsSchema.shape.ioCases,
    opensAt: z.date().nullable(),
    dueAt: z.date().nullable(),
    lockAt: z.date().nullable(),
    latePolicy: latePolicySchema,
    attemptLimit: z.number().int().min(1, "Allow at least one attempt (or leave empty for unlimited).").max(1000).nullable(),
    scoreCounting: z.enum(["last", "best"]),
    gradingTimeLimitMs: z.number().int().min(1000, "At least 1 second.").max(60_000, "At most 60 seconds."),
  })
  .superRefine((a, ctx) => {
    if (a.kind === "python" && slugIssue(a.slug)) ctx.addIssue({ code: "custom", path: ["slug"], message: slugIssue(a.slug)! });
    if (a.kind === "notebook") {
      notebookIssues(a, ctx);
      return;
    }
    const names = new Set(a.starterFiles.map((f) => f.name));
    a.readOnlyFiles.forEach((name, i) => {
      if (!names.has(name)) ctx.addIssue({ code: "custom", path: ["readOnlyFiles", i], message: `"${name}" is not a starter file.` });
    });
    if (a.starterFiles.length > 0 && a.readOnlyFiles.includes(a.starterFiles[0].name)) {
      ctx.addIssue({ code: "custom", path: ["readOnlyFiles"], message: "The file that runs cannot be read-only: students write their code in it." });
    }
    if (a.starterFiles.length > 0 && !a.starterFiles[0].name.endsWith(".py")) {
      ctx.addIssue({ code: "custom", path: ["starterFiles", 0, "name"], message: "The file that runs must be a Python file." });
    }
    const fnNames = new Set<string>();
    a.functionTests.forEach((t, i) => {
      if (fnNames.has(t.name)) ctx.addIssue({ code: "custom", path: ["functionTests", i, "name"], message: "Test names must be unique." });
      fnNames.add(t.name);
    });
    checkDateOrder(a, ctx);
    if (a.latePolicy.kind === "no_credit_after_lock" && !a.lockAt) {
      ctx.addIssue({ code: "custom", path: ["latePolicy"], message: "“No credit after the lock date” needs a lock date." });
    }
    if (a.latePolicy.kind !== "none" && !a.dueAt) {
      ctx.addIssue({ code: "custom", path: ["latePolicy"], message: "A late policy needs a due date." });
    }
    const testCount = a.functionTests.length + a.ioCases.length;
    if (a.status === "published" && a.gradedBy === "autograder" && testCount === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["gradedBy"],
        message: "An assignment without tests cannot be autograded (every submission would get 0). Add a test, or choose “Graded by staff”.",
      });
    }
    if (a.gradedBy === "autograder" && testCount > 0 && [...a.functionTests, ...a.ioCases].every((t) => t.points === 0)) {
      ctx.addIssue({ code: "custom", path: ["functionTests"], message: "At least one test must be worth points." });
    }
  }) satisfies z.ZodType<AssignmentContent>;

/**
 * A notebook assignment's work lives in nbgrader: no files or tests in Lantern, and staff grade it (the scores come
 * from nbgrader's grades CSV), so an autograder setting or files would mean nothing.
 */
function notebookIssues(a: AssignmentContent, ctx: z.RefinementCtx): void {
  if (a.gradedBy !== "staff") ctx.addIssue({ code: "custom", path: ["gradedBy"], message: "A notebook assignment is graded by staff (scores come from nbgrader): use gradedBy: staff." });
  for (const key of ["starterFiles", "referenceFiles", "readOnlyFiles", "functionTests", "ioCases"] as const) {
    if (a[key].length > 0) ctx.addIssue({ code: "custom", path: [key], message: "A notebook assignment has no files or tests in Lantern: its notebooks live in nbgrader." });
  }
  if (a.latePolicy.kind !== "none") {
    ctx.addIssue({ code: "custom", path: ["latePolicy"], message: "Late penalties on notebook assignments are nbgrader's own (its late submission penalty): use latePolicy: { kind: none }." });
  }
  checkDateOrder(a, ctx);
}

function checkDateOrder(a: Pick<AssignmentContent, "opensAt" | "dueAt" | "lockAt">, ctx: z.RefinementCtx): void {
  const dates: ["opensAt" | "dueAt" | "lockAt", Date | null][] = [["opensAt", a.opensAt], ["dueAt", a.dueAt], ["lockAt", a.lockAt]];
  const set = dates.filter((d): d is ["opensAt" | "dueAt" | "lockAt", Date] => d[1] !== null);
  for (let i = 1; i < set.length; i++) {
    if (set[i][1].getTime() < set[i - 1][1].getTime()) {
      const [later, earlier] = [set[i][0], set[i - 1][0]];
      ctx.addIssue({ code: "custom", path: [later], message: `${DATE_LABEL[later]} must not be before ${DATE_LABEL[earlier].toLowerCase()}.` });
    }
  }
}

const DATE_LABEL = { opensAt: "Open date", dueAt: "Due date", lockAt: "Lock date" } as const;

/** Total points of all tests (the grader scales earned test points to the assignment's points). */
export function testPoints(a: Pick<AssignmentContent, "functionTests" | "ioCases">): number {
  return [...a.functionTests, ...a.ioCases].reduce((n, t) => n + t.points, 0);
}
