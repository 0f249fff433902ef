import { describe, expect, it } from "vitest";
import { buildScorePayload, SCORE_CONTENT_TYPE, scoresUrl } from "./score-payload";

const changedAt = new Date("2026-11-23T10:00:00.123Z");

describe("buildScorePayload (AGS 2.0 §3.4)", () => {
  it("sends a graded score as Completed / FullyGraded with an ISO timestamp", () => {
    expect(
      buildScorePayload({ lmsUserId: "sub-1", score: 7.5, maxScore: 10, changedAt, submittedAt: null, isCanvas: false }),
    ).toEqual({
      userId: "sub-1",
      scoreGiven: 7.5,
      scoreMaximum: 10,
      timestamp: "2026-11-23T10:00:00.123Z",
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
    expect(SCORE_CONTENT_TYPE).toBe("application/vnd.ims.lis.v1.score+json");
  });

  it("sends submitted-but-ungraded work without scoreGiven, as Submitted / PendingManual", () => {
    const p = buildScorePayload({ lmsUserId: "u", score: null, maxScore: 10, changedAt, submittedAt: changedAt, isCanvas: false });
    expect(p).toEqual({ userId: "u", timestamp: changedAt.toISOString(), activityProgress: "Submitted", gradingProgress: "PendingManual" });
  });

  it("adds Canvas's submission extension only for Canvas", () => {
    const submittedAt = new Date("2026-11-22T09:00:00Z");
    const canvas = buildScorePayload({ lmsUserId: "u", score: 3, maxScore: 5, changedAt, submittedAt, isCanvas: true });
    expect(canvas["https://canvas.instructure.com/lti/submission"]).toEqual({
      new_submission: false,
      submitted_at: "2026-11-22T09:00:00.000Z",
    });
    const moodle = buildScorePayload({ lmsUserId: "u", score: 3, maxScore: 5, changedAt, submittedAt, isCanvas: false });
    expect(moodle).not.toHaveProperty(["https://canvas.instructure.com/lti/submission"]);
  });

  it("never sends a negative score and refuses a non-positive maximum", () => {
    expect(buildScorePayload({ lmsUserId: "u", score: -2, maxScore: 5, changedAt, submittedAt: null, isCanvas: false }).scoreGiven).toBe(0);
    expect(() => buildScorePayload({ lmsUserId: "u", score: 1, maxScore: 0, changedAt, submittedAt: null, isCanvas: false })).toThrow(/scoreMaximum/);
  });
});

describe("scoresUrl", () => {
  it("appends /scores to the path and keeps the query string", () => {
    expect(scoresUrl("https://lms.example/api/lti/courses/1/line_items/7")).toBe("https://lms.example/api/lti/courses/1/line_items/7/scores");
    expect(scoresUrl("https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=3")).toBe(
      "https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=3",
    );
  });
});
