import type { Assignment } from "@/lib/models/assignments";
import { formatDate } from "@/lib/format";

/**
 * Why a submission is refused by the assignment's own rules (besides the lock date, which lib/grading/policy
 * handles with LMS overrides and extensions), or null. Checked under the submission row lock, so two tabs cannot
 * both use the last attempt.
 */
export function submitRefusal(
  assignment: Pick<Assignment, "archivedAt" | "opensAt" | "attemptLimit">,
  submission: { attempts: number },
  now: Date,
  /** The limit for this student (an extension or accommodation may add attempts); the assignment's by default. */
  attemptLimit: number | null = assignment.attemptLimit,
): string | null {
  if (assignment.archivedAt) return "This assignment is archived and no longer takes submissions. Your work is saved.";
  if (assignment.opensAt && assignment.opensAt > now) return `This assignment opens on ${formatDate(assignment.opensAt)}.`;
  if (attemptLimit !== null && submission.attempts >= attemptLimit) {
    const n = attemptLimit;
    return `You have used all ${n} submission${n === 1 ? "" : "s"} for this assignment. Your work is saved.`;
  }
  return null;
}
