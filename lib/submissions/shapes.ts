import type { Assignment } from "@/lib/models/assignments";
import type { GradingJob } from "@/lib/models/grading-jobs";
import type { GradingRun, TestResult } from "@/lib/models/grades";
import type { Submission } from "@/lib/models/submissions";
import type { Dates } from "@/lib/grading/policy";
import type { QueuePlace } from "@/lib/models/grading-jobs";
import type { StarterFile } from "@/lib/grading/types";
import { z } from "zod";

// Audience-specific shapes (house style, rule 5): what a student's browser may see. Hidden tests, other students'
// data and raw rows never cross into these. The visible tests are parsed through schemas that list their fields,
// so a field added to the stored tests never reaches a student by accident.

const shown = { name: z.string(), points: z.number(), message: z.string() };
const studentFunctionTest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("assert"), code: z.string(), ...shown }),
  z.object({ kind: z.literal("call"), function: z.string(), args: z.string(), expected: z.string(), floatTolerance: z.number().optional(), ...shown }),
]);
const studentIoCase = z.object({
  stdin: z.string(),
  expectedStdout: z.string(),
  comparison: z.enum(["exact", "trim", "whitespace", "numeric"]),
  ignoreCase: z.boolean().optional(),
  floatTolerance: z.number().optional(),
  ...shown,
});

export type StudentFunctionTest = z.infer<typeof studentFunctionTest>;
export type StudentIoCase = z.infer<typeof studentIoCase>;

export type StudentAssignment = {
  id: string;
  courseId: string;
  title: string;
  points: number;
  starterFiles: StarterFile[];
  mainFile: string;
  /** Only the visible tests: the browser's Check runs these; the server grades with all of them. */
  visibleTests: { functionTests: StudentFunctionTest[]; ioCases: StudentIoCase[] };
  hiddenTestCount: number;
  timeLimitMs: number;
  latePolicy: string;
};

export type StudentTestResult = Omit<TestResult, "visibility">;
export type StudentGrade = {
  score: number;
  maxScore: number;
  rawScore: number;
  latePenaltyPercent: number;
  late: boolean;
  failure: string | null;
  tests: StudentTestResult[];
  hidden: { passed: number; total: number };
  gradedAt: string;
};

/** The grade that counts (what the LMS gets): a staff override while there is one, else the autograder's. */
export type CountingGrade = {
  score: number;
  maxScore: number;
  overridden: boolean;
  /** Who set the override, when the course shows grader names; null means "course staff". */
  changedBy: string | null;
};

export type StudentWork = {
  submissionId: string | null;
  status: Submission["status"];
  version: number;
  files: StarterFile[] | null;
  savedAt: string | null;
  attempts: number;
  submittedAt: string | null;
  dueAt: string | null;
  lockAt: string | null;
  locked: boolean;
  grading: "idle" | "queued" | "running" | "failed";
  /** While queued: how many submissions the graders take before this one, and about when the grade is ready. */
  queue: QueuePlace | null;
  /** The latest autograder run (its tests); beside an override it no longer decides the grade. */
  grade: StudentGrade | null;
  counting: CountingGrade | null;
};

function latePolicyText(assignment: Assignment): string {
  const p = assignment.latePolicy;
  if (p.kind === "penalty") return `Late work loses ${p.percentPerDay}% per day, up to ${p.maxPercent}%.`;
  if (p.kind === "no_credit_after_lock") return "Late work gets no credit after the lock date.";
  return "No late penalty.";
}

/** The student's view of an assignment: visible tests only. */
export function toStudentAssignment(assignment: Assignment): StudentAssignment {
  return {
    id: assignment.id,
    courseId: assignment.courseId,
    title: assignment.title,
    points: assignment.points,
    // An assignment without starter code still gets one empty file to write in.
    starterFiles: assignment.starterFiles.length > 0 ? assignment.starterFiles : [{ name: "main.py", content: "" }],
    mainFile: assignment.starterFiles[0]?.name ?? "main.py",
    visibleTests: {
      functionTests: z.array(studentFunctionTest).parse(assignment.functionTests.filter((t) => t.visibility === "visible")),
      ioCases: z.array(studentIoCase).parse(assignment.ioCases.filter((c) => c.visibility === "visible")),
    },
    hiddenTestCount:
      assignment.functionTests.filter((t) => t.visibility === "hidden").length +
      assignment.ioCases.filter((c) => c.visibility === "hidden").length,
    timeLimitMs: assignment.gradingTimeLimitMs,
    latePolicy: latePolicyText(assignment),
  };
}

/** A grading run as the student sees it: visible results in full, hidden ones only counted. */
export function toStudentGrade(run: GradingRun): StudentGrade {
  const hidden = run.results.filter((r) => r.visibility === "hidden");
  return {
    score: run.score,
    maxScore: run.maxScore,
    rawScore: run.rawScore,
    latePenaltyPercent: run.latePenaltyPercent,
    late: run.late,
    failure: run.failure,
    tests: run.results.filter((r) => r.visibility === "visible").map(({ visibility: _v, ...rest }) => rest),
    hidden: { passed: hidden.filter((r) => r.status === "passed").length, total: hidden.length },
    gradedAt: run.createdAt.toISOString(),
  };
}

/** The student's work state from its parts (all already authorized). */
export function toStudentWork(parts: {
  submission: Submission | null;
  files: StarterFile[] | null;
  savedAt: Date | null;
  dates: Dates;
  job: GradingJob | null;
  run: GradingRun | null;
  queue?: QueuePlace | null;
  maxScore: number;
  /** The override's author as the student may see it (null: not shown). */
  overrideAuthor?: string | null;
  now?: Date;
}): StudentWork {
  const { submission, dates, job, run } = parts;
  const now = parts.now ?? new Date();
  return {
    submissionId: submission?.id ?? null,
    status: submission?.status ?? "not_started",
    version: submission?.currentVersion ?? 0,
    files: parts.files,
    savedAt: parts.savedAt?.toISOString() ?? null,
    attempts: submission?.attempts ?? 0,
    submittedAt: submission?.submittedAt?.toISOString() ?? null,
    dueAt: dates.dueAt?.toISOString() ?? null,
    lockAt: dates.lockAt?.toISOString() ?? null,
    locked: dates.lockAt !== null && now > dates.lockAt,
    grading: !job || job.status === "done" ? "idle" : job.status,
    queue: parts.queue ?? null,
    grade: run ? toStudentGrade(run) : null,
    counting:
      submission?.score == null
        ? null
        : { score: submission.score, maxScore: parts.maxScore, overridden: submission.overriddenAt !== null, changedBy: parts.overrideAuthor ?? null },
  };
}
