/**
 * AGS score payloads, exactly per the spec:
 * https://www.imsglobal.org/spec/lti-ags/v2p0#score-publish-service
 */

export const SCORE_CONTENT_TYPE = "application/vnd.ims.lis.v1.score+json";

export type ActivityProgress = "Initialized" | "Started" | "InProgress" | "Submitted" | "Completed";
export type GradingProgress = "FullyGraded" | "Pending" | "PendingManual" | "Failed" | "NotReady";

export type ScorePayload = {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  timestamp: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  /** Canvas's submission extension: https://canvas.instructure.com/doc/api/score.html */
  "https://canvas.instructure.com/lti/submission"?: { new_submission: boolean; submitted_at: string };
};

export type GradeSnapshot = {
  /** The LMS's `sub` for the student on the platform that owns the line item. */
  lmsUserId: string;
  /** Null while the work is submitted but not yet graded. */
  score: number | null;
  maxScore: number;
  /** When this grade change happened; retries resend the same instant (§3.4: platforms keep the latest). */
  changedAt: Date;
  submittedAt: Date | null;
  comment?: string;
  isCanvas: boolean;
};

/**
 * Builds the score for a grade change. Graded work is Completed/FullyGraded; submitted but ungraded work is
 * Submitted/PendingManual with no scoreGiven (the spec forbids scoreGiven without a final or interim grade).
 */
export function buildScorePayload(grade: GradeSnapshot): ScorePayload {
  if (!(grade.maxScore > 0)) throw new Error("scoreMaximum must be greater than 0 (AGS §3.4.4)");
  const graded = grade.score !== null;
  const payload: ScorePayload = {
    userId: grade.lmsUserId,
    timestamp: grade.changedAt.toISOString(),
    activityProgress: graded ? "Completed" : "Submitted",
    gradingProgress: graded ? "FullyGraded" : "PendingManual",
  };
  if (graded) {
    // scoreGiven must be ≥ 0; it may exceed scoreMaximum (extra credit), so it is not clamped above.
    payload.scoreGiven = Math.max(0, Number(grade.score!.toFixed(2)));
    payload.scoreMaximum = grade.maxScore;
  }
  if (grade.comment) payload.comment = grade.comment;
  if (grade.isCanvas && grade.submittedAt) {
    payload["https://canvas.instructure.com/lti/submission"] = {
      new_submission: false,
      submitted_at: grade.submittedAt.toISOString(),
    };
  }
  return payload;
}

/**
 * The scores endpoint of a line item: `{lineitem}/scores`, keeping any query string on the line item URL
 * (AGS §3.4: "the scores endpoint is the line item URL with /scores appended to the path").
 */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}
