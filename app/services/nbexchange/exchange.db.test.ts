import { mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { feedbackChecksum, exchangeCourse, exchangeMember, fakeTarball } from "@/lib/exchange/testing/fixtures";
import { NbgraderClient } from "@/lib/exchange/testing/nbgrader-client";
import { setStorageForTests } from "@/lib/storage";
import { LocalStorage } from "@/lib/storage/local";
import { dispatchExchange } from "./dispatch.test-helper";

withTestDatabase();

let storageDir = "";
beforeAll(() => {
  storageDir = mkdtempSync(path.join(os.tmpdir(), "lantern-exchange-test-"));
  setStorageForTests(new LocalStorage(storageDir));
});
afterAll(() => setStorageForTests(undefined));

const client = (token?: string) => new NbgraderClient(dispatchExchange, "http://localhost:3000", { token });

/** Every stored file (not the metadata beside it), so tests can see what an answer stored or deleted. */
function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith(".meta.json")) out.push(path.relative(storageDir, full));
    }
  };
  walk(storageDir);
  return out;
}

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
