// 1,000 grades through the durable outbox to the dev LMS over real HTTP (AGS with client-credentials tokens), with
// the dev LMS failing 1 in 5 calls and answering 429 (Retry-After) 1 in 10. A second run kills the server with
// SIGKILL in the middle and starts a new one. Prints drain times and LMS calls per grade, and checks that every grade
// is in the LMS's final state exactly as sent. Needs PostgreSQL on 127.0.0.1:5432 (server and bench share it).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inArray, sql } from "drizzle-orm";
import { connectDatabase, setDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as s from "@/db/schema";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";
import { roster, ROLES } from "@/lib/dev-lms/people";
import { insertGradeOutboxRow } from "@/lib/models/grade-outbox";

const PORT = 3400;
const ORIGIN = `http://localhost:${PORT}`;
const ASSIGNMENTS = 40;
const LEARNERS = 25; // 40 × 25 = 1,000 grades, one per line item and student

type Server = { child: ChildProcess; stop: (signal?: NodeJS.Signals) => Promise<void> };

async function startServer(databaseUrlValue: string, dataDir: string): Promise<Server> {
  const child = spawn("npx", ["next", "start", "-p", String(PORT)], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrlValue, APP_ENV: "test", APP_URL: ORIGIN, DATA_DIR: dataDir, LOG_LEVEL: "error" },
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    stop: async (signal = "SIGTERM") => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
      await exited;
    },
  };
}

async function http<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type Values = { issuer: string; clientId: string; deploymentId: string; authLoginUrl: string; tokenUrl: string; jwksUrl: string };

/** Registers Lantern in the dev LMS and the dev LMS in Lantern (manual registration on both sides). */
async function register(db: DatabaseHandle["db"]): Promise<{ platformId: string; deploymentRowId: string; values: Values }> {
  const values = await http<Values>(`${ORIGIN}/dev/lms/api/tools`, {
    method: "POST",
    body: JSON.stringify({
      name: "Lantern (drain bench)",
      initiateLoginUri: `${ORIGIN}/lti/login`,
      redirectUris: [`${ORIGIN}/lti/launch`],
      targetLinkUri: `${ORIGIN}/lti/launch`,
      jwksUri: `${ORIGIN}/lti/jwks`,
    }),
  });
  const [platform] = await db
    .insert(s.ltiPlatforms)
    .values({ issuer: values.issuer, clientId: values.clientId, name: "Dev LMS", authLoginUrl: values.authLoginUrl, authTokenUrl: values.tokenUrl, jwksUrl: values.jwksUrl, registeredVia: "manual" })
    .returning();
  const [deployment] = await db.insert(s.ltiDeployments).values({ platformId: platform.id, deploymentId: values.deploymentId }).returning();
  return { platformId: platform.id, deploymentRowId: deployment.id, values };
}

/** A course with ASSIGNMENTS linked assignments (no line items yet: Lantern creates them) and LEARNERS students. */
async function queueGrades(db: DatabaseHandle["db"], reg: Awaited<ReturnType<typeof register>>, tag: string) {
  const contextId = `drain-${tag}`;
  const lineitems = `${reg.values.issuer}/api/contexts/${contextId}/lineitems`;
  const [course] = await db.insert(s.courses).values({ title: `Drain ${tag}` }).returning();
  const [context] = await db.insert(s.ltiContexts).values({ platformId: reg.platformId, contextId, courseId: course.id, ags: { lineitems } }).returning();
  const learners = roster().filter((p) => p.roles.includes(ROLES.learner)).slice(0, LEARNERS);
  if (learners.length < LEARNERS) throw new Error(`the dev LMS roster has only ${learners.length} learners`);
  // One Lantern user per LMS user (platform + sub), reused by every run.
  const users = [];
  for (const p of learners) {
    const [known] = await db.select().from(s.ltiUsers).where(sql`${s.ltiUsers.platformId} = ${reg.platformId} and ${s.ltiUsers.sub} = ${p.userId}`);
    if (known) users.push({ id: known.userId });
    else {
      const [user] = await db.insert(s.users).values({ name: p.name }).returning();
      await db.insert(s.ltiUsers).values({ platformId: reg.platformId, sub: p.userId, userId: user.id });
      users.push(user);
    }
  }
  const expected = new Map<string, number>();
  const outbox: string[] = [];
  for (let a = 0; a < ASSIGNMENTS; a++) {
    const [assignment] = await db.insert(s.assignments).values({ courseId: course.id, title: `${tag} A${a}`, points: 10 }).returning();
    const [link] = await db
      .insert(s.ltiResourceLinks)
      .values({ deploymentRowId: reg.deploymentRowId, contextRowId: context.id, resourceLinkId: `${tag}-rl-${a}`, assignmentId: assignment.id, ags: { lineitems } })
      .returning();
    const subs = await db
      .insert(s.submissions)
      .values(users.map((u) => ({ courseId: course.id, assignmentId: assignment.id, userId: u.id, resourceLinkRowId: link.id, status: "graded" as const })))
      .returning();
    for (const [i, sub] of subs.entries()) {
      const score = (a * 7 + i * 3) % 11;
      await db.update(s.submissions).set({ score }).where(sql`${s.submissions.id} = ${sub.id}`);
      const row = await insertGradeOutboxRow(db, { submissionId: sub.id, scoreGiven: score, scoreMaximum: 10, changedAt: new Date() });
      outbox.push(row.id);
      expected.set(`${assignment.title}|${learners[i].userId}`, score);
    }
  }
  return { contextId, expected, outbox };
}

async function counts(db: DatabaseHandle["db"], ids: string[]) {
  const rows = await db
    .select({ status: s.gradeOutbox.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(s.gradeOutbox)
    .where(inArray(s.gradeOutbox.id, ids))
    .groupBy(s.gradeOutbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

type Recorded = {
  calls: { status?: number; kind?: string; method?: string; path?: string }[];
  results: { lineItemLabel: string; userId: string; scoreGiven: number | null }[];
  scores: { applied: boolean }[];
};

async function drain(db: DatabaseHandle["db"], reg: Awaited<ReturnType<typeof register>>, tag: string, restart: () => Promise<void>, killAt?: number) {
  const { contextId, expected, outbox } = await queueGrades(db, reg, tag);
  const started = performance.now();
  let killedAt: number | null = null;
  let p95Seconds: number | null = null;
  for (;;) {
    const c = await counts(db, outbox);
    if (p95Seconds === null && (c.delivered ?? 0) >= outbox.length * 0.95) p95Seconds = (performance.now() - started) / 1000;
    const final = (c.delivered ?? 0) + (c.failed ?? 0) + (c.waiting ?? 0);
    if (killAt !== undefined && killedAt === null && (c.delivered ?? 0) >= killAt) {
      killedAt = c.delivered ?? 0;
      await restart();
    }
    if (final >= outbox.length) break;
    if (performance.now() - started > 10 * 60_000) throw new Error(`drain timed out: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const c = await counts(db, outbox);
  const recorded = await http<Recorded>(`${ORIGIN}/dev/lms/api/recorded?contextId=${encodeURIComponent(contextId)}`);
  const finalState = new Map(recorded.results.map((r) => [`${r.lineItemLabel}|${r.userId}`, r.scoreGiven]));
  const mismatches = [...expected].filter(([key, score]) => finalState.get(key) !== score).length;
  const extra = [...finalState.keys()].filter((k) => !expected.has(k)).length;
  const calls = recorded.calls.length;
  const applied = recorded.scores.filter((x) => x.applied).length;
  return { tag, grades: outbox.length, seconds, p95Seconds, killedAt, counts: c, calls, applied, mismatches, extra };
}

/** Runs the drain twice (plain, and with a server kill mid-way) and prints the numbers. */
export async function benchGradeDrain() {
  if (!(await postgresAvailable())) return console.log("grade-drain needs PostgreSQL on 127.0.0.1:5432; skipped");
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  const name = `lantern_drain_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = databaseUrl(name);
  const handle = connectDatabase({ driver: "pg", url, poolMax: 4 });
  await migrateDatabase(handle);
  setDatabase(handle);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lantern-drain-"));
  let server = await startServer(url, dataDir);
  try {
    const reg = await register(handle.db);
    await http(`${ORIGIN}/dev/lms/api/settings`, { method: "PUT", body: JSON.stringify({ failOneIn: 5, rateLimitOneIn: 10, retryAfterSeconds: 1, seed: 7 }) });
    const plain = await drain(handle.db, reg, `p${Date.now().toString(36)}`, async () => {});
    const killed = await drain(
      handle.db,
      reg,
      `k${Date.now().toString(36)}`,
      async () => {
        await server.stop("SIGKILL");
        server = await startServer(url, dataDir);
      },
      400,
    );
    console.log("\nGrade drain: 1,000 grades to the dev LMS failing 1 in 5 calls (5xx) and 1 in 10 with 429 Retry-After: 1");
    for (const r of [plain, killed]) {
      console.log(
        `${r.killedAt === null ? "no restart        " : `SIGKILL at ${r.killedAt} sent`} ` +
          `95% in ${r.p95Seconds?.toFixed(1) ?? "-"} s, all in ${r.seconds.toFixed(1)} s · LMS calls ${r.calls} (${(r.calls / r.grades).toFixed(2)} per grade) · ` +
          `scores applied ${r.applied} · delivered ${r.counts.delivered ?? 0}, failed ${r.counts.failed ?? 0}, waiting ${r.counts.waiting ?? 0} · ` +
          `final-state mismatches ${r.mismatches}, unexpected ${r.extra}`,
      );
    }
  } finally {
    await server.stop();
    setDatabase(undefined);
    await handle.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
