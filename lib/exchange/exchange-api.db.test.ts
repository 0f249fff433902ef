import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { feedbackChecksum, exchangeCourse, exchangeMember, fakeTarball } from "@/lib/exchange/testing/fixtures";
import { NbgraderClient } from "@/lib/exchange/testing/nbgrader-client";
import { withTestStorage } from "@/lib/storage/testing/test-storage";
import { dispatchExchange } from "@/lib/exchange/testing/dispatch";

withTestDatabase();

const testStorage = withTestStorage();

const client = (token?: string) => new NbgraderClient(dispatchExchange, "http://localhost:3000", { token });

/** Every stored file (not the metadata beside it), so tests can see what an answer stored or deleted. */
const storedFiles = () => testStorage.storedKeys();

async function json(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return res.json();
}

async function setup(code: string, assignmentCode = "ps1") {
  const course = await exchangeCourse(code);
  const teacher = await exchangeMember(course, "instructor", "Ada Teacher", "ada@example.edu");
  const ta = await exchangeMember(course, "ta", "Tom Marker", "tom@example.edu");
  const student = await exchangeMember(course, "student", "Sam Student", "sam@example.edu");
  return { course, code, assignmentCode, teacher: client(teacher.token), ta: client(ta.token), student: client(student.token), studentUser: student.user };
}

describe("the nbgrader cycle over the exchange API", () => {
  it("release → list → fetch → submit → collect → feedback → fetch feedback", async () => {
    const { code, assignmentCode: a, teacher, ta, student } = await setup("CYCLE 1");
    const tarball = fakeTarball("release v1", 1000);
    expect(await json(await teacher.release(code, a, tarball, ["nb2", "nb1"]))).toEqual({ success: true, note: "Released" });

    const listed = await json(await student.list(code));
    expect(listed.success).toBe(true);
    expect(listed.value).toHaveLength(1);
    expect(listed.value[0]).toMatchObject({ assignment_id: a, course_id: code, status: "released" });
    expect(typeof listed.value[0].student_id).toBe("number");
    expect(listed.value[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6} UTC$/);
    expect(listed.value[0].notebooks).toEqual([
      { notebook_id: "nb1", has_exchange_feedback: false, feedback_updated: false, feedback_timestamp: null },
      { notebook_id: "nb2", has_exchange_feedback: false, feedback_updated: false, feedback_timestamp: null },
    ]);

    const fetched = await student.fetchAssignment(code, a);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("application/gzip");
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(tarball);

    const submission = fakeTarball("student work");
    expect(await json(await student.submit(code, a, "2030-01-02T03:04:05.5Z", submission))).toEqual({ success: true, note: "Submitted" });
    const mine = (await json(await student.list(code))).value;
    expect(mine.map((e: { status: string }) => e.status)).toEqual(["released", "fetched", "submitted"]);
    const submitted = mine.find((e: { status: string }) => e.status === "submitted");
    expect(submitted.timestamp).toBe("2030-01-02 03:04:05.500000 UTC");

    // Any staff member collects (multiple markers).
    const collections = await json(await ta.collections(code, a));
    expect(collections.success).toBe(true);
    expect(collections.value).toHaveLength(1);
    const entry = collections.value[0];
    expect(entry).toMatchObject({
      student_id: "sam",
      full_name: "Sam Student",
      email: "sam@example.edu",
      lms_user_id: null,
      assignment_id: a,
      course_id: code,
      status: "submitted",
      notebooks: [{ notebook_id: "nb1" }, { notebook_id: "nb2" }],
      timestamp: "2030-01-02 03:04:05.500000 UTC",
    });
    const collected = await ta.collect(code, a, entry.path);
    expect(collected.headers.get("content-type")).toBe("application/gzip");
    expect(new Uint8Array(await collected.arrayBuffer())).toEqual(submission);

    // Feedback names the submission by its timestamp, here written in another offset: it is the same instant.
    const html = new TextEncoder().encode("<html><body>Well done ✓</body></html>");
    const q = { course: code, assignment: a, notebook: "nb1", student: "sam", timestamp: "2030-01-02 04:04:05.500000+01:00", checksum: feedbackChecksum(["x"]) };
    expect(await json(await teacher.releaseFeedback(q, html))).toEqual({ success: true, note: "Feedback released" });

    const after = (await json(await student.list(code))).value.find((e: { status: string }) => e.status === "submitted");
    expect(after.notebooks).toEqual([
      { notebook_id: "nb1", has_exchange_feedback: true, feedback_updated: false, feedback_timestamp: "2030-01-02 03:04:05.500000 UTC" },
      { notebook_id: "nb2", has_exchange_feedback: false, feedback_updated: false, feedback_timestamp: null },
    ]);
    const feedback = await json(await student.fetchFeedback(code, a));
    expect(feedback).toEqual({
      success: true,
      feedback: [{ content: Buffer.from(html).toString("base64"), filename: "nb1.html", timestamp: "2030-01-02 03:04:05.500000 UTC", checksum: q.checksum }],
    });
  });
});

describe("refusals change nothing", () => {
  it("answers the plugin's notes (lists keep value: []), 401 without a token, 412 without the file, 413 over the limit", async () => {
    const { code, assignmentCode: a, teacher, student } = await setup("ERR 1");
    const before = (await storedFiles()).length;
    const anonymous = await client().list(code);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ success: false, value: [] });
    expect(await json(await teacher.get("assignments"))).toEqual({ success: false, note: "Assigment call requires a course id", value: [] });
    expect(await json(await student.list("NOPE"))).toEqual({ success: false, note: "User not subscribed to course NOPE", value: [] });
    expect(await json(await student.release(code, a, fakeTarball("x"), ["nb1"]))).toEqual({ success: false, note: `User not an instructor to course ${code}` });
    expect(await json(await teacher.postFile("assignment", { course_id: code }, { field: "assignment", filename: "a.tgz", bytes: fakeTarball("x") }))).toMatchObject({ success: false });
    const noFile = await teacher.postFile("assignment", { course_id: code, assignment_id: a }, null, [["notebooks", "nb1"]]);
    expect(noFile.status).toBe(412);
    const wrongField = await teacher.postFile("assignment", { course_id: code, assignment_id: a }, { field: "upload", filename: "a.tgz", bytes: fakeTarball("x") });
    expect(wrongField.status).toBe(412);
    expect(await json(await teacher.release(code, a, new Uint8Array(0), ["nb1"]))).toEqual({ success: false, note: "File upload failed." });
    const big = await teacher.request("POST", "assignment", { course_id: code, assignment_id: a }, "x", { "content-length": String(6e9), "content-type": "multipart/form-data; boundary=b" });
    expect(big.status).toBe(413);
    expect(await json(await student.fetchAssignment(code, a))).toEqual({ success: false, note: `Assignment ${a} does not exist` });
    expect(await json(await student.submit(code, a, "2030-01-01 00:00:00.000000 UTC", fakeTarball("s")))).toEqual({ success: false, note: `User not fetched assignment ${a}` });
    expect((await storedFiles()).length).toBe(before);
    expect((await json(await student.list(code))).value).toEqual([]);

    await teacher.release(code, a, fakeTarball("v1"), ["nb1"]);
    expect(await json(await student.submit(code, a, "not a time", fakeTarball("s")))).toMatchObject({ success: false });
    expect(await json(await student.collections(code, a))).toEqual({ success: false, note: `User not an instructor to course ${code}`, value: [] });
    expect(await json(await teacher.collections(code, a))).toEqual({ success: true, value: [] });
    expect(await json(await teacher.collections(code, a, "nobody"))).toEqual({ success: true, value: [] });
    expect(await json(await teacher.collect(code, a, "/submitted/elsewhere.tar.gz"))).toMatchObject({ success: false });
    const fb = { course: code, assignment: a, notebook: "nb1", student: "sam", timestamp: "2030-01-01 00:00:00.000000 UTC", checksum: "k" };
    expect((await teacher.releaseFeedback(fb, new Uint8Array([60]))).status).toBe(404); // no submission at that time
    expect((await teacher.releaseFeedback({ ...fb, notebook: "nb9" }, new Uint8Array([60]))).status).toBe(404);
    expect((await teacher.releaseFeedback({ ...fb, student: "ghost" }, new Uint8Array([60]))).status).toBe(404);
    expect((await teacher.get("submissions")).status).toBe(501);
  });
});

describe("isolation", () => {
  it("a course's code reaches only its members; another course with the same code stays apart", async () => {
    const one = await setup("SAME");
    const two = await setup("SAME");
    await one.teacher.release("SAME", "ps1", fakeTarball("course one"), ["nb1"]);
    expect((await json(await two.student.list("SAME"))).value).toEqual([]);
    expect(await json(await two.student.fetchAssignment("SAME", "ps1"))).toMatchObject({ success: false });
    await two.teacher.release("SAME", "ps1", fakeTarball("course two"), ["nb1"]);
    const fetched = await two.student.fetchAssignment("SAME", "ps1");
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(fakeTarball("course two"));
    await one.student.submit("SAME", "ps1", "2030-01-01 00:00:00.000001 UTC", fakeTarball("one's work"));
    expect((await json(await two.teacher.collections("SAME", "ps1"))).value).toEqual([]);
    const path = (await json(await one.teacher.collections("SAME", "ps1"))).value[0].path;
    expect(await json(await two.teacher.collect("SAME", "ps1", path))).toMatchObject({ success: false });
  });
});

describe("odd ids, re-release and purge", () => {
  it("handles + & = % # spaces quotes and unicode in course and assignment ids", async () => {
    const code = `CS 101 + & = % # "q" 'x' ünï`;
    const a = `ps 1 + & = % # "y" 'z' ✓`;
    const { teacher, student } = await setup(code, a);
    expect(await json(await teacher.release(code, a, fakeTarball("odd"), ["nb 1 & +"]))).toEqual({ success: true, note: "Released" });
    const [entry] = (await json(await student.list(code))).value;
    expect(entry).toMatchObject({ assignment_id: a, course_id: code, notebooks: [{ notebook_id: "nb 1 & +" }] });
    expect((await student.fetchAssignment(code, a)).headers.get("content-type")).toBe("application/gzip");
  });

  it("re-release replaces the file; unrelease hides it; purge deletes the files and old feedback never returns", async () => {
    const { code, assignmentCode: a, teacher, student } = await setup("PURGE 1");
    await teacher.release(code, a, fakeTarball("v1"), ["nb1"]);
    await teacher.release(code, a, fakeTarball("v2"), ["nb1"]);
    expect(new Uint8Array(await (await student.fetchAssignment(code, a)).arrayBuffer())).toEqual(fakeTarball("v2"));
    await student.submit(code, a, "2030-01-01 00:00:00.000000 UTC", fakeTarball("work"));
    const [{ student_id }] = (await json(await teacher.collections(code, a))).value;
    const released = await teacher.releaseFeedback({ course: code, assignment: a, notebook: "nb1", student: student_id, timestamp: "2030-01-01 00:00:00.000000 UTC", checksum: "k" }, new Uint8Array([60]));
    expect(await json(released)).toMatchObject({ success: true });

    expect(await json(await student.unrelease(code, a))).toMatchObject({ success: false });
    expect(await json(await teacher.unrelease(code, a))).toEqual({ success: true, note: `Assignment '${a}' on course '${code}' marked as unreleased` });
    expect(await json(await student.fetchAssignment(code, a))).toMatchObject({ success: false });
    expect(await json(await teacher.unrelease(code, a, "False"))).toMatchObject({ success: false }); // purge=False is not a purge

    const before = (await storedFiles()).filter((f) => f.startsWith("exchange/")).length;
    expect(await json(await teacher.unrelease(code, a, "true"))).toEqual({ success: true, note: `Assignment '${a}' on course '${code}' deleted and purged from the database` });
    expect((await storedFiles()).filter((f) => f.startsWith("exchange/")).length).toBe(before - 4);

    await teacher.release(code, a, fakeTarball("v3"), ["nb1"]);
    const entries = (await json(await student.list(code))).value;
    expect(entries.map((e: { status: string }) => e.status)).toEqual(["released"]);
    expect(await json(await student.fetchFeedback(code, a))).toEqual({ success: true, feedback: [] });
    expect(await json(await teacher.collections(code, a))).toEqual({ success: true, value: [] });
  });
});
