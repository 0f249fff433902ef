import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO } from "../../db/seed/demo";
import { signIn, unique } from "../helpers";
import { startPgBouncer } from "./pgbouncer";
import { CLUSTER_PORTS, CONTROL_ORIGIN, LMS_ORIGIN } from "./ports";

// Issue 18's multi-instance run: every request goes through a round-robin proxy to two `next start` instances over
// one PostgreSQL database and one S3 bucket, with grading in a separate `npm run grader` (e2e/cluster/cluster.ts).
// Nothing may depend on which instance answers, and killing a web instance or the grader mid-run loses nothing.
test.describe.configure({ mode: "serial" });

// The demo assignment ("Temperature converter", seeded outside production) and a correct solution for it.
const SOLUTION = `def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n\n\nif __name__ == "__main__":\n    value = float(input())\n    print(f"{celsius_to_fahrenheit(value):.1f}")\n`;

const db = new pg.Pool({ connectionString: process.env.CLUSTER_DATABASE_URL, max: 2 });
test.afterAll(() => db.end());
const rows = async <T>(text: string, values: unknown[] = []) => (await db.query(text, values)).rows as T[];

const control = async (request: APIRequestContext, call: string) => {
  const res = await request.post(`${CONTROL_ORIGIN}/${call}`);
  expect(res.ok(), `control ${call}`).toBeTruthy();
};
const direct = (instance: "webA" | "webB") => `http://localhost:${CLUSTER_PORTS[instance]}`;

test("the tool key rotated by one process is published by every instance at once", async ({ request }) => {
  const kids = async (instance: "webA" | "webB") =>
    ((await (await request.get(`${direct(instance)}/lti/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
  // Both instances have loaded (and cached) the current signing key.
  const before = await kids("webA");
  expect(await kids("webB")).toEqual(before);
  // The CLI rotates it, as an operator would on any host: both instances publish old and new keys immediately, so a
  // platform that fetches the JWKS from either one verifies tokens signed by either (the old key stays 7 days).
  const rotated = spawnSync(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/lti-register.ts", "--rotate-key"],
    { env: { ...process.env, DATABASE_URL: process.env.CLUSTER_DATABASE_URL, APP_ENV: "test", KEY_ENCRYPTION_SECRET: process.env.CLUSTER_KEY_SECRET, LOG_LEVEL: "warn" }, encoding: "utf8" },
  );
  expect(rotated.status, rotated.stderr).toBe(0);
  const after = await kids("webA");
  expect(after.length).toBe(before.length + 1);
  expect(after).toEqual(expect.arrayContaining(before));
  expect(await kids("webB")).toEqual(after);
});

test("an export built on either instance is stored in the bucket and downloads identically from both", async ({ page }) => {
  const teacher = await signIn(page, { key: unique("cluster-teacher"), name: "Tess Teacher", courseId: DEMO.courseId, role: "instructor" });
  expect(teacher.userId).toBeTruthy();
  await page.goto(`/courses/${DEMO.courseId}/exports`);
  await page.getByLabel(/^Grades CSV/).check();
  const links = page.getByRole("link", { name: /^Download / });
  const before = await links.count();
  await page.getByRole("button", { name: "Start export" }).click();
  await expect(links).toHaveCount(before + 1, { timeout: 60_000 });
  const href = await links.first().getAttribute("href");
  const [job] = await rows<{ result_key: string; result_sha256: string }>(
    "select result_key, result_sha256 from export_jobs where status = 'done' order by finished_at desc limit 1",
  );
  expect(job.result_key).toMatch(/^exports\//);
  // The object is in the bucket (under STORAGE_URL's prefix), not on either instance's disk.
  const object = await page.request.head(`${process.env.CLUSTER_S3_ENDPOINT}/lantern-cluster/prod/${job.result_key}`);
  expect(object.status()).toBe(200);
  // The session cookie is for localhost, so it reaches each instance directly too.
  const a = await page.request.get(`${direct("webA")}${href}`);
  const b = await page.request.get(`${direct("webB")}${href}`);
  expect(a.status()).toBe(200);
  expect(b.status()).toBe(200);
  const body = await a.body();
  expect((await b.body()).equals(body)).toBe(true);
  expect(body.toString("utf8")).toMatch(/^\uFEFF?[^\r\n]*,/);
  expect(a.headers()["repr-digest"]).toBe(`sha-256=:${Buffer.from(job.result_sha256, "hex").toString("base64")}:`);
  expect(b.headers()["repr-digest"]).toBe(a.headers()["repr-digest"]);
});

test("submissions through both instances are graded exactly once although the grader is killed mid-run", async ({ page, request }) => {
  test.setTimeout(150_000);
  // A correct program that is slow at import, so jobs are certainly in hand when the grader dies.
  const slow = `import time\n_t = time.time()\nwhile time.time() - _t < 1.5:\n    pass\n${SOLUTION}`;
  const students = [];
  for (let i = 0; i < 6; i++) {
    const who = await signIn(page, { key: unique(`cluster-student-${i}`), name: `Student ${i}`, courseId: DEMO.courseId, role: "student" });
    const auth = { authorization: `Bearer ${who.token}` };
    const work = await request.post("/api/submissions", { headers: auth, data: { courseId: DEMO.courseId, assignmentId: DEMO.assignmentId } });
    expect(work.ok(), await work.text()).toBeTruthy();
    const { submissionId } = (await work.json()) as { submissionId: string };
    students.push({ ...who, auth, submissionId });
  }
  for (const s of students) {
    const res = await request.post(`/api/submissions/${s.submissionId}/submit`, {
      headers: s.auth,
      data: { files: [{ name: "main.py", content: slow }], clientSavedAt: null },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  const ids = students.map((s) => s.submissionId);
  const jobs = () => rows<{ submission_id: string; status: string; attempts: number }>("select submission_id, status, attempts from grading_jobs where submission_id = any($1)", [ids]);
  await expect.poll(async () => (await jobs()).some((j) => j.status === "running"), { timeout: 60_000 }).toBe(true);
  await control(request, "kill/grader-1");
  // Its leases (120 s) would hand the jobs back later; moved into the past here rather than waited for.
  await db.query("update grading_jobs set locked_until = now() - interval '1 second' where status = 'running' and submission_id = any($1)", [ids]);
  await control(request, "start-grader");
  await expect.poll(async () => (await jobs()).every((j) => j.status === "done"), { timeout: 120_000 }).toBe(true);

  const graded = await rows<{ id: string; status: string; score: number }>("select id, status, score::float as score from submissions where id = any($1)", [ids]);
  expect(graded).toHaveLength(6);
  for (const s of graded) expect(s).toMatchObject({ status: "graded", score: 10 });
  // One job and one grade per submission: none lost, none graded twice.
  expect(await jobs()).toHaveLength(6);
  const history = await rows<{ submission_id: string; n: number }>(
    "select submission_id, count(*)::int as n from grade_history where submission_id = any($1) group by submission_id",
    [ids],
  );
  expect(history.map((h) => h.n)).toEqual([1, 1, 1, 1, 1, 1]);
});

test("named prepared statements break through PgBouncer 1.18 in transaction mode; the pooled instance's unnamed ones work", async ({ page }) => {
  // The control: a PgBouncer like the cluster's (1.18, transaction mode) with one server connection, so every
  // client's transaction runs on it. The first client prepares a named statement there; the second client's Parse
  // of the same name (what a second pooled connection of one Lantern instance sends) collides with it: 42P05.
  const probeDir = mkdtempSync(path.join(os.tmpdir(), "lantern-probe-bouncer-"));
  const bouncer = await startPgBouncer({ dir: probeDir, port: CLUSTER_PORTS.probeBouncer, poolSize: 1 });
  const viaBouncer = new pg.Pool({ connectionString: process.env.CLUSTER_POOLED_DATABASE_URL!.replace(`:${CLUSTER_PORTS.pgbouncer}/`, `:${CLUSTER_PORTS.probeBouncer}/`), max: 2 });
  try {
    const [first, second] = [await viaBouncer.connect(), await viaBouncer.connect()];
    const named = { name: "cluster_probe", text: "select $1::int as n" };
    expect((await first.query({ ...named, values: [1] })).rows).toEqual([{ n: 1 }]);
    await expect(second.query({ ...named, values: [1] })).rejects.toMatchObject({ code: "42P05" });
    // Unnamed statements (what DB_PREPARED_STATEMENTS=0 sends) do not care which server connection they get.
    for (const client of [first, second, first, second]) expect((await client.query({ text: named.text, values: [2] })).rows).toEqual([{ n: 2 }]);
    first.release(true);
    second.release(true);
  } finally {
    await viaBouncer.end();
    bouncer.kill("SIGTERM");
    rmSync(probeDir, { recursive: true, force: true });
  }

  // web-b runs behind that PgBouncer with DB_PREPARED_STATEMENTS=0: every request with a session starts with a
  // launch-path statement (the session lookup, then the course and role), here 12 at once over its 4 connections.
  await signIn(page, { key: unique("cluster-pooled"), name: "Pat Pooled", courseId: DEMO.courseId, role: "instructor" });
  const pages = await Promise.all(Array.from({ length: 12 }, () => page.request.get(`${direct("webB")}/courses/${DEMO.courseId}`)));
  expect(pages.map((p) => p.status())).toEqual(Array(12).fill(200));
  for (const p of pages) expect(await p.text()).toContain("Introduction to Programming");
});

test("a web instance told to stop drains: readiness 503, the proxy moves away, its in-flight request finishes, then it exits", async ({ page, request }) => {
  test.setTimeout(150_000);
  const who = await signIn(page, { key: unique("cluster-drain"), name: "Dana Drain", courseId: DEMO.courseId, role: "student" });
  const auth = { authorization: `Bearer ${who.token}` };
  const work = await request.post("/api/submissions", { headers: auth, data: { courseId: DEMO.courseId, assignmentId: DEMO.assignmentId } });
  expect(work.ok(), await work.text()).toBeTruthy();
  const { submissionId } = (await work.json()) as { submissionId: string };

  // An autosave to web-a whose body is only half sent: a request in flight when the instance is told to stop.
  const body = Buffer.from(JSON.stringify({ files: [{ name: "main.py", content: "print('saved while draining')\n" }], clientSavedAt: null }));
  const inFlight = http.request({
    host: "127.0.0.1",
    port: CLUSTER_PORTS.webA,
    method: "PUT",
    path: `/api/submissions/${submissionId}/files`,
    agent: false,
    headers: { host: `localhost:${CLUSTER_PORTS.webA}`, ...auth, "content-type": "application/json", "content-length": body.length, connection: "close" },
  });
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    inFlight.on("response", (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    inFlight.on("error", reject);
  });
  inFlight.write(body.subarray(0, 20));

  await control(request, "term/web-a");
  // Readiness says so at once, while the instance still answers everything else.
  await expect.poll(async () => (await request.get(`${direct("webA")}/api/health/ready`)).status()).toBe(503);
  expect(await (await request.get(`${direct("webA")}/api/health/ready`)).json()).toMatchObject({ status: "draining", error: { code: "draining" } });
  expect((await request.get(`${direct("webA")}/api/health/live`)).status()).toBe(200);
  // The load balancer sees the 503 and stops sending it requests; nothing through the proxy fails meanwhile.
  const backends = async () => ((await (await request.get(`${CONTROL_ORIGIN}/backends`)).json()) as Record<string, string>)["web-a"];
  await expect.poll(backends).toBe("down");
  const servedBefore = ((await (await request.get(`${CONTROL_ORIGIN}/served`)).json()) as Record<string, number>)["web-a"];
  for (let i = 0; i < 6; i++) expect((await request.get("/api/health/live")).status()).toBe(200);
  expect(((await (await request.get(`${CONTROL_ORIGIN}/served`)).json()) as Record<string, number>)["web-a"]).toBe(servedBefore);

  // After the drain the instance stops accepting connections but waits for the request still in flight.
  const accepting = () =>
    new Promise<boolean>((resolve) => {
      const probe = http.get({ host: "127.0.0.1", port: CLUSTER_PORTS.webA, path: "/api/health/live", agent: false }, (res) => (res.resume(), resolve(true)));
      probe.on("error", () => resolve(false));
    });
  await expect.poll(accepting, { timeout: 30_000 }).toBe(false);
  const status = async () => (await (await request.get(`${CONTROL_ORIGIN}/status/web-a`)).json()) as { running: boolean; exitCode: number | null };
  expect((await status()).running).toBe(true);
  inFlight.end(body.subarray(20));
  const saved = await answered;
  expect(saved.status, saved.text).toBe(200);
  const [version] = await rows<{ n: number }>(
    "select count(*)::int as n from submission_versions v join code_states c on c.id = v.code_state_id where v.submission_id = $1 and c.files::text like '%saved while draining%'",
    [submissionId],
  );
  expect(version.n).toBe(1);
  // Then it exits as Next does on SIGTERM (128 + 15).
  await expect.poll(async () => (await status()).running, { timeout: 30_000 }).toBe(false);
  expect((await status()).exitCode).toBe(143);

  // A new instance takes its place (a rolling restart) and the proxy sends it traffic once it is ready.
  const restarted = await request.post(`${CONTROL_ORIGIN}/start-web/web-a`, { timeout: 120_000 });
  expect(restarted.ok(), await restarted.text()).toBeTruthy();
  await expect.poll(backends).toBe("up");
});

const toolFrame = (page: Page) => page.frameLocator('iframe[name="lti_tool"]');

test("LTI launch, editor, submit and passback across instances, with one web instance killed mid-run", async ({ page, request }) => {
  test.setTimeout(150_000);
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();

  // An instance that did not handle the registration learns the LMS's origin for frame-ancestors and form-action
  // on its next refresh of that list (lib/security-headers/frame-origins.ts, FRESH_MS); until then it refuses to be
  // framed by the LMS. Wait until both instances allow it, as a load balancer's users would after that interval.
  for (const instance of ["webA", "webB"] as const) {
    await expect
      .poll(
        async () => {
          const csp = (await request.get(`${direct(instance)}/`)).headers()["content-security-policy"] ?? "";
          return csp.split("; ").find((d) => d.startsWith("frame-ancestors ")) ?? "";
        },
        { timeout: 40_000 },
      )
      .toContain(LMS_ORIGIN);
  }

  const contextId = unique("cluster");
  const course = `${LMS_ORIGIN}/dev/lms?context=${contextId}`;
  await page.goto(course);
  await page.getByLabel("Launch type").selectOption("deep_linking");
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await toolFrame(page).getByLabel("Title").fill("Cluster passback");
  await toolFrame(page).getByRole("button", { name: "Create and add" }).click();
  await expect(toolFrame(page).getByRole("heading", { name: "Content added to the course" })).toBeVisible();

  // The student edits and submits; the editor's saves and the submit spread over both instances.
  await page.goto(course);
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  const editor = toolFrame(page);
  await expect(editor.getByRole("heading", { level: 1, name: "Cluster passback" })).toBeVisible();
  await editor.locator(".cm-content").click();
  await page.keyboard.insertText("print('written across two servers')\n");
  // The autosave reached the database through the proxy (whichever instance took it).
  const savedVersions = () =>
    rows<{ n: number }>(
      `select count(*)::int as n from submission_versions v join code_states c on c.id = v.code_state_id
        join submissions s on s.id = v.submission_id join assignments a on a.id = s.assignment_id
       where a.title = 'Cluster passback' and v.kind = 'autosave' and c.files::text like '%written across two servers%'`,
    ).then(([r]) => r.n);
  await expect.poll(savedVersions, { timeout: 15_000 }).toBeGreaterThan(0);
  // ...and the student is told so (this Chromium refuses IndexedDB in the third-party frame; see use-autosave.ts).
  await expect(editor.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

  // One web instance dies; the proxy stops sending it requests and the other serves everything from here on.
  await control(request, "kill/web-b");
  await editor.getByRole("button", { name: "Submit" }).click();
  await expect(editor.getByText("Submitted. Your instructor will grade it.")).toBeVisible({ timeout: 30_000 });

  await page.goto(course);
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  const staff = toolFrame(page);
  await staff.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).click();
  await staff.getByRole("link", { name: "Grade sync" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Grade sync" })).toBeVisible();
  await staff.getByRole("link", { name: "Cluster passback" }).click();
  const row = staff.getByRole("row", { name: /Grace Hopper/ });
  await row.getByText("Change grade").click();
  await row.getByLabel("New score").fill("8");
  await row.getByLabel("Reason").fill("Reviewed by hand");
  await row.getByRole("button", { name: "Save grade" }).click();
  await expect(row.getByText("on its way to the LMS")).toBeVisible();

  type Recorded = { scores: { userId: string; scoreGiven: number | null; applied: boolean; lineItemLabel: string }[] };
  const applied = async () => {
    const res = await page.request.get(`${LMS_ORIGIN}/dev/lms/api/recorded?contextId=${encodeURIComponent(contextId)}`);
    const body = (await res.json()) as Recorded;
    return body.scores.filter((s) => s.applied && s.userId === "dev-student" && s.lineItemLabel === "Cluster passback");
  };
  await expect.poll(async () => (await applied()).map((s) => s.scoreGiven), { timeout: 60_000 }).toEqual([8]);
  // The student's saved code survived the instance's death (it is in the database, not on web-b).
  const [saved] = await rows<{ n: number }>(
    "select count(*)::int as n from submissions s join assignments a on a.id = s.assignment_id where a.title = 'Cluster passback' and s.status in ('submitted', 'graded')",
  );
  expect(saved.n).toBe(1);
  // Both instances really served this run.
  const served = (await (await request.get(`${CONTROL_ORIGIN}/served`)).json()) as Record<string, number>;
  expect(served["web-a"]).toBeGreaterThan(10);
  expect(served["web-b"]).toBeGreaterThan(10);
});
