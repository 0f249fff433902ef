import { eq, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { conflict, notFound } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { isLocked } from "@/lib/grading/policy";
import type { StarterFile } from "@/lib/grading/types";
import { submitRefusal } from "@/lib/submissions/submit-policy";
import type { Assignment } from "./assignments";
import { ensureCodeState } from "./code-states";
import { selectStudentAllowance } from "./extensions";
import { appendSubmissionVersion, assertMayWrite, type Submission } from "./submissions";

const { submissions } = schema;

/**
 * Submits work on an assignment graded by staff: the files become a `submit` version and the submission waits for
 * a person. No grading job runs and nothing reaches the LMS until staff grade it (never a silent 0). Same refusals
 * as autograded submissions: lock date, archived, not open yet, attempt limit.
 */
export async function submitForStaffGrading({
  authz,
  assignment,
  submission,
  files,
  clientSavedAt,
  now = new Date(),
}: {
  authz: CourseAuthz;
  assignment: Assignment;
  submission: Submission;
  files: StarterFile[];
  clientSavedAt: Date | null;
  now?: Date;
}): Promise<{ version: number }> {
  assertMayWrite(authz);
  if (assignment.gradedBy !== "staff" || submission.userId !== authz.session.user.id || submission.assignmentId !== assignment.id) {
    throw notFound("No such submission.");
  }
  const { dates, attemptLimit } = await selectStudentAllowance({ assignment, submission });
  if (isLocked(dates, now)) {
    throw conflict(`This assignment closed on ${formatDate(dates.lockAt!)}. Your work is saved, but it can no longer be submitted.`);
  }
  return db().transaction(async (tx) => {
    const state = await ensureCodeState(tx, files);
    const [current] = await tx.select().from(submissions).where(eq(submissions.id, submission.id)).for("no key update");
    const refusal = submitRefusal(assignment, current, now, attemptLimit);
    if (refusal) throw conflict(refusal);
    const { version } = await appendSubmissionVersion(tx, {
      current,
      codeStateId: state.id,
      kind: "submit",
      clientSavedAt,
      // A graded submission that is resubmitted goes back to waiting; its last grade stays until staff change it.
      set: (r) => ({ status: current.status === "graded" ? "graded" : "submitted", attempts: sql`${submissions.attempts} + 1`, submittedAt: r.createdAt }),
    });
    return { version };
  });
}
