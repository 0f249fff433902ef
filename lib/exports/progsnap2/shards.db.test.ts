import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as s from "@/db/schema";
import { seedScale, type ScaleSeed } from "@/db/seed/scale";
import { withTestDatabase } from "@/db/testing/test-database";
import { systemAuthz } from "@/lib/auth/authz";
import { resetEnvForTests } from "@/lib/env";
import { claimExportJob, insertExportJob, selectExportJob } from "@/lib/models/export-jobs";
import { ensureResearchProject } from "@/lib/models/research";
import { storage } from "@/lib/storage";
import { withTestStorage } from "@/lib/storage/testing/test-storage";
import type { BuildContext, ShardRunner } from "../build-context";
import { exportParamsSchema, storedParams } from "../params";
import { openZip } from "../read-zip";
import { buildExportJob } from "../run";
import { buildShardToFiles } from "./shard";
import { threadShardRunner } from "./shard-thread";
import { validateProgSnap2 } from "./validate";

// A ProgSnap2 build split into shards (progsnap2/build.ts) must give the dataset an unsplit build gives: same rows in
// the same order, same files, one copy of each shared code state. A research project's stable key makes the two
// builds' pseudonyms equal, so they compare row by row (EventIDs aside, which the split numbers differently).
const database = withTestDatabase();
withTestStorage();
let seed: ScaleSeed;
let instructorId: string;
let projectId: string;

beforeAll(async () => {
  const db = database.handle().db;
  seed = await seedScale(db, { students: 7, assignments: 2, eventsPerStudent: 60, title: "Shard test" });
  const [instructor] = await db.select({ userId: s.enrollments.userId }).from(s.enrollments).where(eq(s.enrollments.role, "instructor"));
  instructorId = instructor.userId;
  projectId = (await ensureResearchProject({ ownerUserId: instructorId, name: "shards" })).id;
  // One code state every student has (as when they all open the starter code): each shard meets it.
  const [starter] = await db.insert(s.codeStates).values({ hash: "shared-starter", files: [{ name: "main.py", content: "# starter\n" }], bytes: 10 }).returning();
  const submissions = await db.select().from(s.submissions).where(eq(s.submissions.courseId, seed.courseId));
  await db.insert(s.codingEvents).values(
    submissions.map((sub) => ({
      submissionId: sub.id, userId: sub.userId, clientEventId: crypto.randomUUID(), clientSessionId: "starter", eventType: "Session.Start",
      clientTimestamp: new Date("2020-01-01T00:00:00Z"), clientTimezone: "UTC", codeStateId: starter.id,
    })),
  );
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

async function build(parallel?: BuildContext["parallel"]) {
  const job = await insertExportJob({ kind: "progsnap2", audience: "research", courseId: seed.courseId, requestedByUserId: instructorId, params: storedParams(exportParamsSchema.parse({ projectId })) });
  const claimed = await claimExportJob(systemAuthz(), { jobId: job.id });
  const outcome = await buildExportJob(claimed!, { parallel });
  const done = await selectExportJob({ unsafeJobId: job.id });
  if (outcome.outcome !== "done") return { done, bytes: null };
  return { done, bytes: await buffer((await storage().openRead(done.resultKey!)).body) };
}

/** Shards run in this thread (the same files and joins as threads, without a second database connection). */
const inProcess: ShardRunner = ({ input, paths, onProgress, signal }) => buildShardToFiles({ input, paths, system: systemAuthz(), onProgress, signal });

async function contents(bytes: Buffer) {
  const { entries, close } = await openZip(bytes);
  const files = new Map<string, string>();
  for (const e of entries) files.set(e.name, (await e.read()).toString("utf8"));
  close();
  const rows = parse(files.get("MainTable.csv")!, { columns: true }) as Record<string, string>[];
  return { names: entries.map((e) => e.name), files, rows };
}

/**
 * Each subject's rows per assignment in file order, without the ids the split numbers differently. (Subjects come
 * in database order within each run of 100, so a split changes the order of subjects, not of one subject's rows.)
 */
function byGroup(rows: Record<string, string>[]) {
  const groups = new Map<string, object[]>();
  for (const { EventID: _id, Order: _order, ParentEventID: parent, ...rest } of rows) {
    const key = `${rest.SubjectID}/${rest.AssignmentID}`;
    groups.set(key, [...(groups.get(key) ?? []), { ...rest, hasParent: parent !== "" }]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

describe("ProgSnap2 build in shards", () => {
  it("joins its shards into the dataset one build makes", async () => {
    const one = await build();
    const three = await build({ shards: 3, minSubjectsPerShard: 1, run: inProcess });
    for (const b of [one, three]) expect((await validateProgSnap2(b.bytes!)).problems).toEqual([]);
    const [a, b] = [await contents(one.bytes!), await contents(three.bytes!)];
    expect(b.rows.length).toBe(a.rows.length);
    expect(byGroup(b.rows)).toEqual(byGroup(a.rows));
    expect(three.done.rowCount).toBe(one.done.rowCount);
    // EventIDs are numbered per shard (n × 3 + shard + 1): all three shards wrote rows.
    expect(new Set(b.rows.map((r) => Number(r.EventID) % 3))).toEqual(new Set([0, 1, 2]));
    // Same files with the same content; a code state every student shares (the starter code) is there once.
    expect([...b.names].sort()).toEqual([...a.names].sort());
    for (const name of a.names) if (name !== "README.md" && name !== "MainTable.csv") expect(b.files.get(name)).toBe(a.files.get(name));
    const counts = (readme: string) => /\| Events \(MainTable rows\) \| (\d+) \|[\s\S]*\| Code states \| (\d+) \|/.exec(readme)?.slice(1);
    expect(counts(b.files.get("README.md")!)).toEqual(counts(a.files.get("README.md")!));
    const subjects = new Set(a.rows.map((r) => r.SubjectID));
    expect(b.files.get("README.md")).toContain(`| Subjects | ${subjects.size} |`);
    const shared = a.names.filter((n) => n.startsWith("CodeStates/")).map((n) => n.split("/")[1]);
    const usedBy = new Map<string, Set<string>>();
    for (const r of a.rows) if (r.CodeStateID) usedBy.set(r.CodeStateID, (usedBy.get(r.CodeStateID) ?? new Set()).add(r.SubjectID));
    expect(shared.some((id) => (usedBy.get(id)?.size ?? 0) > 1)).toBe(true);
  });

  it("runs shards in worker threads of the export worker", async () => {
    const url = database.url();
    // The thread opens its own connections from the environment, which on PGlite (in this process) it cannot.
    if (url) vi.stubEnv("DATABASE_URL", url);
    resetEnvForTests();
    const one = await build();
    const two = await build({ shards: 2, minSubjectsPerShard: 1, run: url ? threadShardRunner() : inProcess });
    expect(two.done.status).toBe("done");
    expect((await validateProgSnap2(two.bytes!)).problems).toEqual([]);
    expect(byGroup((await contents(two.bytes!)).rows)).toEqual(byGroup((await contents(one.bytes!)).rows));
  }, 60_000);

  it("fails the job when a shard fails, with that shard's error", async () => {
    const thrown = await build({ shards: 2, minSubjectsPerShard: 1, run: async () => Promise.reject(new Error("shard exploded")) });
    expect(thrown.done).toMatchObject({ status: "failed", resultKey: null });
    expect(thrown.done.error).toContain("shard exploded");

    const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-shard-test-"));
    writeFileSync(path.join(dir, "crash.mjs"), "throw new Error('thread crashed');\n");
    const crashed = await build({ shards: 2, minSubjectsPerShard: 1, run: threadShardRunner({ file: path.join(dir, "crash.mjs"), execArgv: [] }) });
    expect(crashed.done.status).toBe("failed");
    expect(crashed.done.error).toContain("thread crashed");
  }, 60_000);
});
