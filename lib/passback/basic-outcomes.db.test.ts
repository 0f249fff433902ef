import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as s from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken, type Session } from "@/lib/auth/session";
import { createTestConsumer, type TestConsumer } from "@/lib/lti11/testing/test-consumer";
import { startOutcomeServer } from "@/lib/lti11/testing/outcome-server";
import { insertAssignment, selectAssignment } from "@/lib/models/assignments";
import { insertGradeOutboxRow, selectOutboxRow } from "@/lib/models/grade-outbox";
import { selectGradeSyncRows } from "@/lib/models/grade-sync";
import { SUBMISSION_LAUNCH_PARAM } from "./basic-outcomes";
import { deliverOutboxRow } from "./deliver";
import { MAX_ATTEMPTS } from "./retry-policy";
import { FakeAgs } from "./testing";

const { handle } = withTestDatabase();
const db = () => handle().db;

let lms: TestConsumer;
let outcomes: Awaited<ReturnType<typeof startOutcomeServer>>;
let courseId: string;
let assignmentId: string;
let teacher: Session;
const ags = new FakeAgs();

beforeAll(async () => {
  lms = await createTestConsumer({ key: "outcomes-consumer" });
  outcomes = await startOutcomeServer({ consumerKey: lms.consumerKey, secret: lms.secret });
  // An instructor's launch creates the course; the assignment is linked with the Deep Linking custom parameter.
  const staff = await lms.launch(lms.params({ roles: "Instructor", user_id: "teacher", resource_link_id: "setup" }));
  const landing = new URL(staff.headers.get("location")!);
  courseId = landing.pathname.split("/")[2];
  teacher = (await resolveSessionToken(landing.searchParams.get("lt")!, "header"))!;
  assignmentId = (await insertAssignment({ authz: systemAuthz(), courseId, values: { title: "Loops", points: 10 } })).id;
});
afterAll(() => outcomes.close());

/** A student's launch from the graded link (Canvas, or another consumer), and a submission of theirs. */
async function student(user: string, { canvas = false } = {}) {
  const response = await lms.launch(
    lms.params({
      user_id: user,
      resource_link_id: "graded-link",
      custom_lantern_assignment_id: assignmentId,
      lis_outcome_service_url: outcomes.url,
      lis_result_sourcedid: `sourced-${user}`,
      tool_consumer_info_product_family_code: canvas ? "canvas" : "moodle",
      ext_outcome_data_values_accepted: canvas ? "url,text,lti_launch_url" : undefined,
    }),
  );
  expect(response.status).toBe(303);
  const session = await resolveSessionToken(new URL(response.headers.get("location")!).searchParams.get("lt")!, "header");
  const [link] = await db().select().from(s.ltiResourceLinks).where(eq(s.ltiResourceLinks.resourceLinkId, "graded-link"));
  const [submission] = await db()
    .insert(s.submissions)
    .values({ courseId, assignmentId, userId: session!.user.id, resourceLinkRowId: link.id, status: "graded", submittedAt: new Date(Date.now() - 60_000) })
    .returning();
  return { submission, sourcedId: `sourced-${user}` };
}

const grade = (submissionId: string, scoreGiven: number | null) =>
  insertGradeOutboxRow(db(), { submissionId, scoreGiven, scoreMaximum: 10, changedAt: new Date() });
const row = (id: string) => selectOutboxRow(systemAuthz(), { outboxId: id });
const due = (id: string) => db().update(s.gradeOutbox).set({ nextAttemptAt: new Date(0) }).where(eq(s.gradeOutbox.id, id));

describe("Basic Outcomes delivery through the outbox", () => {
  it("replaceResult reaches the consumer signed with OAuth and the body hash, as a 0–1 score", async () => {
    const { submission, sourcedId } = await student("s1");
    const outbox = await grade(submission.id, 7);
    // First delivery: readResult (the LMS may already hold it), then replaceResult.
    expect(await deliverOutboxRow(outbox.id, ags)).toEqual({ kind: "delivered", lmsCalls: 2, skippedUnchanged: false });
    expect(outcomes.gradebook.get(sourcedId)).toMatchObject({ score: "0.7" });
    expect(outcomes.calls.slice(-2)).toEqual([
      { operation: "readResult", sourcedId, signatureValid: true, bodyHashValid: true },
      { operation: "replaceResult", sourcedId, signatureValid: true, bodyHashValid: true },
    ]);
    expect(await row(outbox.id)).toMatchObject({ status: "delivered", lineItemUrl: outcomes.url, lastHttpStatus: 200 });
    expect(ags.calls).toHaveLength(0);
  });

  it("skips an unchanged score (from its own record, then from readResult when it has none)", async () => {
    const { submission, sourcedId } = await student("s2");
    await deliverOutboxRow((await grade(submission.id, 5)).id, ags);
    const calls = outcomes.calls.length;
    expect(await deliverOutboxRow((await grade(submission.id, 5)).id, ags)).toEqual({ kind: "delivered", lmsCalls: 0, skippedUnchanged: true });
    expect(outcomes.calls.length).toBe(calls);
    // The LMS already has 0.9 from the tool used before Lantern: nothing is written.
    const other = await student("s2b");
    outcomes.gradebook.set(other.sourcedId, { score: "0.9" });
    expect(await deliverOutboxRow((await grade(other.submission.id, 9)).id, ags)).toEqual({ kind: "delivered", lmsCalls: 1, skippedUnchanged: true });
    expect(outcomes.calls.at(-1)?.operation).toBe("readResult");
    expect(sourcedId).toBe("sourced-s2");
  });

  it("retries network failures, 5xx and HTML error pages with backoff, then delivers", async () => {
    const { submission, sourcedId } = await student("s3");
    const outbox = await grade(submission.id, 10);
    outcomes.faults.push("network", "network", { status: 503 }, "html502");
    // readResult fails (network) — no reason not to write — then replaceResult fails (network).
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "retry", reason: "The LMS outcome service could not be reached." });
    await due(outbox.id);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "retry", reason: "503 busy" });
    await due(outbox.id);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "retry", reason: "502 502 Bad Gateway" });
    await due(outbox.id);
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "delivered" });
    expect(outcomes.gradebook.get(sourcedId)?.score).toBe("1");
    expect((await row(outbox.id))?.attempts).toBe(4);
  });

  it("records the consumer's failure description for staff and does not retry it", async () => {
    const { submission } = await student("s4");
    const outbox = await grade(submission.id, 6);
    outcomes.faults.push({ codeMajor: "failure", description: "Course is concluded" }, { codeMajor: "failure", description: "Course is concluded" });
    expect(await deliverOutboxRow(outbox.id, ags)).toEqual({ kind: "failed", lmsCalls: 2, reason: "Course is concluded" });
    expect(await row(outbox.id)).toMatchObject({ status: "failed", statusReason: "Course is concluded", lastHttpStatus: 200 });
    // The grade-sync view shows staff the consumer's words.
    const authz = await requireCourseRole({ unsafeCourseId: courseId, roles: STAFF_ROLES, session: teacher });
    const rows = await selectGradeSyncRows({ authz, assignment: await selectAssignment({ authz, unsafeAssignmentId: assignmentId }) });
    expect(rows.find((r) => r.submissionId === submission.id)?.state).toMatchObject({ kind: "failed", reason: "Course is concluded" });
  });

  it("gives up after the shared retry limit", async () => {
    const { submission } = await student("s5");
    const outbox = await grade(submission.id, 6);
    await db().update(s.gradeOutbox).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(s.gradeOutbox.id, outbox.id));
    outcomes.faults.push({ status: 503 }, { status: 503 });
    expect(await deliverOutboxRow(outbox.id, ags)).toMatchObject({ kind: "failed" });
    expect((await row(outbox.id))?.statusReason).toMatch(/^Gave up after/);
  });

  it("sends Canvas's submittedAt and a SpeedGrader ltiLaunchUrl that opens the student's work for staff", async () => {
    const { submission, sourcedId } = await student("s6", { canvas: true });
    expect(await deliverOutboxRow((await grade(submission.id, 8)).id, ags)).toMatchObject({ kind: "delivered" });
    const held = outcomes.gradebook.get(sourcedId)!;
    expect(held.submittedAt).toBe(submission.submittedAt!.toISOString());
    const launchUrl = new URL(held.ltiLaunchUrl!);
    expect(launchUrl.pathname).toBe("/lti/1.1/launch");
    expect(launchUrl.searchParams.get(SUBMISSION_LAUNCH_PARAM)).toBe(submission.id);
    // SpeedGrader launches that URL (signed over it, query included) as the teacher.
    const url = launchUrl.toString();
    const teacher = await lms.launch(lms.params({ roles: "Instructor", user_id: "teacher", resource_link_id: "graded-link" }), { url, postUrl: url });
    expect(new URL(teacher.headers.get("location")!).pathname).toBe(`/courses/${courseId}/assignments/${assignmentId}/students/${submission.userId}`);
  });

  it("waits for a student who has not launched from a graded link, and for a grade on non-Canvas consumers", async () => {
    const { submission } = await student("s7");
    const pending = await grade(submission.id, null);
    expect(await deliverOutboxRow(pending.id, ags)).toMatchObject({ kind: "waiting", reason: /scores only/ });
    const [link] = await db().select().from(s.ltiResourceLinks).where(eq(s.ltiResourceLinks.resourceLinkId, "graded-link"));
    const [user] = await db().insert(s.users).values({ name: "Never launched" }).returning();
    const [orphan] = await db()
      .insert(s.submissions)
      .values({ courseId, assignmentId, userId: user.id, resourceLinkRowId: link.id, status: "graded", submittedAt: new Date() })
      .returning();
    expect(await deliverOutboxRow((await grade(orphan.id, 3)).id, ags)).toMatchObject({ kind: "waiting" });
  });
});
