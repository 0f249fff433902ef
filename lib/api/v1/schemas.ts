import { z } from "zod";

/**
 * The shapes /api/v1 answers with. Every response is parsed through these (lib/api/v1/handler.ts), so a column
 * added to a table never reaches an API client by accident, and the OpenAPI document (lib/api/v1/openapi.ts) is
 * generated from the same schemas the routes use.
 */

const id = z.uuid();
const when = z.iso.datetime({ offset: true });
const courseRole = z.enum(["instructor", "ta", "designer", "mentor", "student"]);

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. not_found, rate_limited." }),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export const course = z
  .object({ id, title: z.string(), code: z.string().nullable(), timeZone: z.string(), role: courseRole })
  .meta({ id: "Course", description: "A course and the caller's role in it." });

export const assignment = z
  .object({
    id,
    courseId: id,
    title: z.string(),
    points: z.number(),
    published: z.boolean(),
    opensAt: when.nullable(),
    dueAt: when.nullable(),
    lockAt: when.nullable(),
    gradedBy: z.enum(["autograder", "staff"]),
  })
  .meta({ id: "Assignment" });

export const member = z
  .object({
    userId: id,
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: courseRole,
    status: z.enum(["active", "inactive", "dropped"]),
    lastLaunchAt: when.nullable(),
    isTestUser: z.boolean(),
  })
  .meta({ id: "Member" });

export const submission = z
  .object({
    id,
    assignmentId: id,
    userId: id,
    studentName: z.string().nullable(),
    status: z.string(),
    version: z.number().int(),
    attempts: z.number().int(),
    score: z.number().nullable().meta({ description: "The counting score: a staff override while there is one." }),
    overridden: z.boolean(),
    late: z.boolean(),
    submittedAt: when.nullable(),
    gradedAt: when.nullable(),
  })
  .meta({ id: "Submission" });

export const file = z.object({ name: z.string(), content: z.string() }).meta({ id: "File" });

export const submissionWithFiles = submission
  .extend({ files: z.array(file).nullable().meta({ description: "Current files; null before the first save." }) })
  .meta({ id: "SubmissionWithFiles" });

export const version = z
  .object({ version: z.number().int(), kind: z.string(), savedAt: when, clientSavedAt: when.nullable(), bytes: z.number().int() })
  .meta({ id: "Version" });

export const versionFiles = z.object({ version: z.number().int(), files: z.array(file) }).meta({ id: "VersionFiles" });

export const grade = z
  .object({
    submissionId: id,
    userId: id,
    score: z.number().nullable(),
    maxScore: z.number(),
    overridden: z.boolean(),
    gradedAt: when.nullable(),
  })
  .meta({ id: "Grade" });

export const gradeSync = z
  .object({
    userId: id,
    submissionId: id.nullable(),
    score: z.number().nullable(),
    state: z.enum(["none", "delivered", "pending", "waiting", "failed"]),
    detail: z.string().nullable().meta({ description: "Why a grade waits or failed, when known." }),
    at: when.nullable(),
  })
  .meta({ id: "GradeSyncState" });

export const gradeInput = z
  .object({
    score: z.number().min(0).max(100_000),
    reason: z.string().trim().min(1, "Say why (the reason is kept in the grade history).").max(500),
    extraCredit: z.boolean().default(false),
  })
  .meta({ id: "GradeInput" });

export const gradeWritten = z
  .object({
    submissionId: id,
    score: z.number().nullable(),
    passback: z.enum(["queued", "not_linked"]).meta({ description: "Whether a delivery to the LMS was queued." }),
  })
  .meta({ id: "GradeWritten" });

/** A page of a list: pass `nextCursor` back as `cursor` for the next page; null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const pageQuery = z.object({
  cursor: z.string().max(200).optional().meta({ description: "The nextCursor of the previous page." }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** nbgrader scores for notebook assignments: the columns of `nbgrader export`'s CSV that Lantern reads, as JSON. */
export const notebookGradesInput = z
  .object({
    grades: z
      .array(
        z.object({
          assignment: z.string().min(1).max(200).meta({ description: "nbgrader assignment name (the exchange assignment_id)." }),
          studentId: z.string().min(1).max(200).meta({ description: "nbgrader student id (the exchange username)." }),
          email: z.string().max(320).default("").meta({ description: "Used to find the student when the id matches nobody." }),
          submitted: z.boolean().default(true).meta({ description: "False for a student nbgrader has no submission for: skipped, never sent as 0." }),
          score: z.number().min(0).max(100_000),
          maxScore: z.number().gt(0).max(100_000),
        }),
      )
      .min(1)
      .max(20_000),
    dryRun: z.boolean().default(false).meta({ description: "Only say what would happen; change nothing." }),
  })
  .meta({ id: "NotebookGradesInput" });

export const notebookGradesResult = z
  .object({
    sent: z.number().int().meta({ description: "Scores written and queued for the LMS (0 on a dry run)." }),
    items: z.array(
      z.object({
        index: z.number().int(),
        assignment: z.string(),
        studentId: z.string(),
        outcome: z.enum(["send", "unchanged", "skip", "problem"]),
        message: z.string(),
        assignmentId: id.nullable(),
        userId: id.nullable(),
        score: z.number().nullable().meta({ description: "The score on the assignment's points (score ÷ maxScore × points)." }),
      }),
    ),
  })
  .meta({ id: "NotebookGradesResult" });
