import type { LatePolicy } from "./types";

export type Dates = { dueAt: Date | null; lockAt: Date | null };

/**
 * The dates that apply to one student: the assignment's, overridden by the LMS launch's (when it carried them),
 * overridden by a per-student extension.
 */
export function effectiveDates(
  assignment: Dates,
  lms: Partial<Dates> | null,
  extension: Partial<Dates> | null,
): Dates {
  const pick = (key: keyof Dates) => extension?.[key] ?? lms?.[key] ?? assignment[key];
  return { dueAt: pick("dueAt"), lockAt: pick("lockAt") };
}

/** True when a submission at `at` comes after the lock date (it is refused; the work is still saved). */
export function isLocked(dates: Dates, at: Date): boolean {
  return dates.lockAt !== null && at.getTime() > dates.lockAt.getTime();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Late flag and the penalty (percent of the raw score) for a submission made at `submittedAt`. */
export function latePenalty(
  policy: LatePolicy,
  dates: Dates,
  submittedAt: Date,
): { late: boolean; penaltyPercent: number } {
  const late = dates.dueAt !== null && submittedAt.getTime() > dates.dueAt.getTime();
  if (!late) return { late, penaltyPercent: 0 };
  switch (policy.kind) {
    case "none":
      return { late, penaltyPercent: 0 };
    case "penalty": {
      // Each started day late costs percentPerDay, capped at maxPercent.
      const days = Math.ceil((submittedAt.getTime() - dates.dueAt!.getTime()) / DAY_MS);
      return { late, penaltyPercent: Math.min(policy.maxPercent, days * policy.percentPerDay) };
    }
    case "no_credit_after_lock":
      return { late, penaltyPercent: isLocked(dates, submittedAt) ? 100 : 0 };
  }
}

/** The score after the late penalty, rounded to hundredths. */
export function applyPenalty(rawScore: number, penaltyPercent: number): number {
  return Math.round(rawScore * (100 - penaltyPercent)) / 100;
}
