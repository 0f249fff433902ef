import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as download from "@/app/api/exports/[jobId]/download/route";
import * as s from "@/db/schema";
import { seedScale } from "@/db/seed/scale";
import { withTestDatabase } from "@/db/testing/test-database";
import { createSession } from "@/lib/auth/session";
import { resetEnvForTests } from "@/lib/env";
import { dispatchExchange } from "@/lib/exchange/testing/dispatch";
import { exchangeCourse, exchangeMember, fakeTarball } from "@/lib/exchange/testing/fixtures";
import { NbgraderClient } from "@/lib/exchange/testing/nbgrader-client";
import { exportParamsSchema } from "@/lib/exports/params";
import { requestExport } from "@/lib/exports/request";
import { runExportJob } from "@/lib/exports/run";
import { insertUser } from "@/lib/models/users";
import { setStorageForTests } from "./index";
import { startTestS3Server, testS3Storage, type TestS3Server } from "./testing/s3-server";

// Issue 18: with S3 storage, large downloads go from the bucket to the client through a short-lived signed URL (a
// Vercel function cannot answer more than 4.5 MB); authorization still comes first. Runs on s3rver in every pass.
const current = globalThis as unknown as { __downloadAuthorization?: string };
vi.mock("next/headers", () => ({
  headers: async () => new Headers(current.__downloadAuthorization ? { authorization: current.__downloadAuthorization } : {}),
  cookies: async () => ({ get: () => undefined }),
}));

const database = withTestDatabase();
let server: TestS3Server;
beforeAll(async () => {
  server = await startTestS3Server();
  setStorageForTests(testS3Storage(server, { prefix: "lantern/" }));
});
afterAll(async () => {
  setStorageForTests(undefined);
  vi.unstubAllEnvs();
  resetEnvForTests();
  await server.stop();
});

function minBytes(value: string) {
  vi.stubEnv("SIGNED_DOWNLOAD_MIN_BYTES", value);
  resetEnvForTests();
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** What a redirect points at: the bucket, under a signature that expires after 60 s. */
function expectSignedBucketUrl(res: Response): URL {
  expect(res.status).toBe(302);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  const url = new URL(res.headers.get("location")!);
  expect(url.origin).toBe(server.endpoint);
  expect(url.pathname).toMatch(/^\/lantern-test\/lantern\//);
  expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
  expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  return url;
}

describe("export downloads", () => {
  let seed: Awaited<ReturnType<typeof seedScale>> | undefined;
  async function exportFor() {
    seed ??= await seedScale(database.handle().db, { students: 2, assignments: 1, eventsPerStudent: 3, title: "Signed downloads" });
    const [instructor] = await database.handle().db.select({ userId: s.enrollments.userId }).from(s.enrollments).where(eq(s.enrollments.courseId, seed.courseId)).limit(1);
    const job = await requestExport({ kind: "events", audience: "staff", courseId: seed.courseId, requestedByUserId: instructor.userId, params: exportParamsSchema.parse({}) });
    expect((await runExportJob({ jobId: job.id })).outcome).toBe("done");
    const { token } = await createSession({ userId: instructor.userId, kind: "lti" });
    return { jobId: job.id, token };
  }
  const get = (jobId: string, token: string | null) => {
    current.__downloadAuthorization = token ? `Bearer ${token}` : undefined;
    return download.GET(new Request(`http://localhost:3000/api/exports/${jobId}/download`), { params: Promise.resolve({ jobId }) });
  };

  it("redirects to a signed bucket URL once the export is large enough, and streams it otherwise", async () => {
    const { jobId, token } = await exportFor();
    minBytes("off");
    const streamed = await get(jobId, token);
    expect(streamed.status).toBe(200);
    const bytes = new Uint8Array(await streamed.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(0);

    minBytes(String(bytes.length + 1));
    expect((await get(jobId, token)).status).toBe(200);

    minBytes(String(bytes.length));
    const redirected = await get(jobId, token);
    const url = expectSignedBucketUrl(redirected);
    // Straight from the bucket, with no credentials of Lantern's: the same bytes, as the same attachment and type.
    const fromBucket = await fetch(url);
    expect(fromBucket.status).toBe(200);
    expect(sha256(new Uint8Array(await fromBucket.arrayBuffer()))).toBe(sha256(bytes));
    expect(fromBucket.headers.get("content-type")).toBe(streamed.headers.get("content-type"));
    expect(fromBucket.headers.get("content-disposition")).toBe(streamed.headers.get("content-disposition"));
  });

  it("authorizes before it signs anything: strangers and the signed-out get a 404 or 401, never a Location", async () => {
    const { jobId } = await exportFor();
    minBytes("0");
    const stranger = await insertUser({ values: { name: "Stranger", email: null } });
    const { token } = await createSession({ userId: stranger.id, kind: "lti" });
    const refused = await get(jobId, token);
    expect(refused.status).toBe(404);
    expect(refused.headers.get("location")).toBeNull();
    const anonymous = await get(jobId, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("location")).toBeNull();
  });

  it("signs URLs the bucket refuses once their minute is over", async () => {
    const { storage } = await import("./index");
    const store = storage();
    const upload = await store.createUpload("exports/old.csv", { contentType: "text/csv" });
    await upload.write(Buffer.from("a,b\r\n"));
    await upload.complete();
    const fresh = await store.signedDownloadUrl!("exports/old.csv", { expiresInSeconds: 60 });
    expect((await fetch(fresh)).status).toBe(200);
    const stale = await store.signedDownloadUrl!("exports/old.csv", { expiresInSeconds: 60, signedAt: new Date(Date.now() - 61_000) });
    const refused = await fetch(stale);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Request has expired");
  });
});

describe("nbgrader exchange downloads (fetch and collect)", () => {
  async function released(code: string, size: number) {
    const course = await exchangeCourse(code);
    const teacher = await exchangeMember(course, "instructor", "Ada Teacher");
    const student = await exchangeMember(course, "student", "Sam Student");
    const client = (token: string) => new NbgraderClient(dispatchExchange, "http://localhost:3000", { token });
    const tarball = fakeTarball("release", size);
    expect(await (await client(teacher.token).release(code, "ps1", tarball, ["nb1"])).json()).toEqual({ success: true, note: "Released" });
    return { course, tarball, teacher: client(teacher.token), student: client(student.token), studentToken: student.token };
  }

  it("fetch and collect redirect a large file to the bucket as application/gzip; a small one streams", async () => {
    minBytes("4096");
    const small = await released("SIGNED SMALL", 100);
    const streamed = await small.student.fetchAssignment("SIGNED SMALL", "ps1");
    expect(streamed.status).toBe(200);
    expect(new Uint8Array(await streamed.arrayBuffer())).toEqual(small.tarball);

    const big = await released("SIGNED BIG", 20_000);
    expect(big.tarball.length).toBeGreaterThanOrEqual(4096);
    const fetched = await big.student.fetchAssignment("SIGNED BIG", "ps1");
    const fromBucket = await fetch(expectSignedBucketUrl(fetched));
    // nbgrader's plugin compares the final response's Content-Type with exactly this.
    expect(fromBucket.headers.get("content-type")).toBe("application/gzip");
    expect(new Uint8Array(await fromBucket.arrayBuffer())).toEqual(big.tarball);

    const work = fakeTarball("student work", 20_000);
    expect(await (await big.student.submit("SIGNED BIG", "ps1", "2030-01-02T03:04:05Z", work)).json()).toMatchObject({ success: true });
    const [entry] = (await (await big.teacher.collections("SIGNED BIG", "ps1")).json()).value as { path: string }[];
    const collected = await big.teacher.collect("SIGNED BIG", "ps1", entry.path);
    const submitted = await fetch(expectSignedBucketUrl(collected));
    expect(submitted.headers.get("content-type")).toBe("application/gzip");
    expect(new Uint8Array(await submitted.arrayBuffer())).toEqual(work);
  });

  it("refuses a stranger before any redirect", async () => {
    minBytes("0");
    const { course } = await released("SIGNED REFUSED", 100);
    const outsider = await exchangeMember(await exchangeCourse("SIGNED OTHER"), "student", "Olly Outsider");
    const res = await new NbgraderClient(dispatchExchange, "http://localhost:3000", { token: outsider.token }).fetchAssignment(course.code!, "ps1");
    expect(res.headers.get("location")).toBeNull();
    expect(res.status).not.toBe(302);
  });

  it("python-requests (the plugin's HTTP client) follows the redirect with the plugin's own call and gets the file", async () => {
    minBytes("1024");
    const { tarball, studentToken } = await released("SIGNED PY", 3000);
    // The exchange's route handlers over real HTTP, as Next serves them.
    const web = http.createServer(async (req, res) => {
      const answer = await dispatchExchange(new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers as Record<string, string> }));
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://localhost:${(web.address() as AddressInfo).port}/services/nbexchange/`;
      // nbexchange's Exchange.api_request: requests.get(url, headers={}, cookies={"noteable_auth": NAAS_JWT}), then
      // fetch_assignment checks r.headers["content-type"] == "application/gzip" and reads r.content.
      const script = [
        "import hashlib, json, os, requests",
        "r = requests.get(os.environ['URL'], headers={}, cookies={'noteable_auth': os.environ['NAAS_JWT']}, timeout=30)",
        "print(json.dumps({'status': r.status_code, 'type': r.headers['content-type'], 'sha256': hashlib.sha256(r.content).hexdigest(), 'history': [h.status_code for h in r.history], 'final': r.url}))",
      ].join("\n");
      const url = `${base}assignment?course_id=SIGNED+PY&assignment_id=ps1`;
      // Not spawnSync: this process serves the requests python makes.
      const run = await promisify(execFile)("python3", ["-c", script], { env: { ...process.env, URL: url, NAAS_JWT: studentToken } }).catch((error: Error) => {
        throw new Error(`python3 with requests is needed (Debian package python3-requests): ${error.message}`);
      });
      const seen = JSON.parse(run.stdout);
      expect(seen).toMatchObject({ status: 200, type: "application/gzip", sha256: sha256(tarball), history: [302] });
      expect(seen.final).toMatch(new RegExp(`^${server.endpoint}/`));
    } finally {
      web.close();
    }
  });
});
