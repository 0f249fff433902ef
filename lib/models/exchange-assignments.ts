import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "@/db";
import { slugify } from "@/lib/assignments/content-schema";
import { nbgraderNameProblem } from "@/lib/assignments/nbgrader-name";
import type { ExchangeAuthz } from "@/lib/exchange/types";
import type { StoredObject } from "@/lib/storage";
import { freeSlug } from "./assignments";
import type { Executor } from "./code-states";

const { exchangeAssignments, exchangeReleases, exchangeActions, assignments } = schema;

export type ExchangeAssignment = typeof exchangeAssignments.$inferSelect;
export type ExchangeRelease = typeof exchangeReleases.$inferSelect;

/** The course's exchange assignment with this code (not purged; active or unreleased), or null. */
export async function selectOptionalExchangeAssignment({
  authz,
  code,
  tx = db(),
}: {
  authz: ExchangeAuthz;
  code: string;
  tx?: Executor;
}): Promise<ExchangeAssignment | null> {
  const [row] = await tx
    .select()
    .from(exchangeAssignments)
    .where(and(eq(exchangeAssignments.courseId, authz.course.id), eq(exchangeAssignments.code, code), isNull(exchangeAssignments.purgedAt)))
    .limit(1);
  return row ?? null;
}

/** The newest release of an exchange assignment (with its file still stored), or null. */
export async function selectOptionalLatestRelease({ exchangeAssignment }: { exchangeAssignment: ExchangeAssignment }): Promise<ExchangeRelease | null> {
  const [row] = await db()
    .select()
    .from(exchangeReleases)
    .where(and(eq(exchangeReleases.exchangeAssignmentId, exchangeAssignment.id), sql`${exchangeReleases.storageKey} is not null`))
    .orderBy(desc(exchangeReleases.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * The active exchange assignment with this code and its newest release: what students may fetch and submit to.
 * Null when there is none (never released, unreleased, or purged).
 */
export async function selectOptionalReleasedAssignment({ authz, code }: { authz: ExchangeAuthz; code: string }) {
  const assignment = await selectOptionalExchangeAssignment({ authz, code });
  if (!assignment?.active) return null;
  const release = await selectOptionalLatestRelease({ exchangeAssignment: assignment });
  return release ? { assignment, release } : null;
}

/**
 * The Lantern notebook assignment an exchange code belongs to: the one an earlier (purged) exchange assignment of the
 * code used, else a live notebook assignment of the course whose slug is the code, else a new published one graded
 * by staff (its grades come from nbgrader).
 */
async function ensureLanternAssignment(tx: Executor, authz: ExchangeAuthz, code: string): Promise<string> {
  const [earlier] = await tx
    .select({ id: assignments.id })
    .from(exchangeAssignments)
    .innerJoin(assignments, eq(assignments.id, exchangeAssignments.assignmentId))
    .where(and(eq(exchangeAssignments.courseId, authz.course.id), eq(exchangeAssignments.code, code), isNull(assignments.deletedAt)))
    .orderBy(desc(exchangeAssignments.createdAt))
    .limit(1);
  if (earlier) return earlier.id;
  const [bySlug] = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.courseId, authz.course.id), eq(assignments.slug, code), eq(assignments.kind, "notebook"), isNull(assignments.deletedAt)))
    .limit(1);
  if (bySlug) return bySlug.id;
  // The code is nbgrader's assignment name, so it is the new assignment's short name as it stands; only a code no
  // nbgrader would send, or one a Python assignment already uses, gets a made-up one (the release still attaches by
  // its exchange assignment's code).
  const slug =
    nbgraderNameProblem(code) === null && !(await slugInUse(tx, authz.course.id, code)) ? code : await freeSlug(tx, authz.course.id, slugify(code) || "notebook");
  const [created] = await tx
    .insert(assignments)
    .values({
      courseId: authz.course.id,
      title: code,
      slug,
      kind: "notebook",
      gradedBy: "staff",
      instructions: "",
      publishedAt: new Date(),
    })
    .returning({ id: assignments.id });
  return created.id;
}

async function slugInUse(tx: Executor, courseId: string, slug: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.courseId, courseId), eq(assignments.slug, slug), isNull(assignments.deletedAt)))
    .limit(1);
  return Boolean(row);
}

/**
 * Records a release whose file is already stored: creates the exchange assignment (and its Lantern notebook
 * assignment) or reactivates an unreleased one, then adds the release and a `released` action, in one transaction.
 * Every release is a new row and fetch serves the newest, so re-releasing with the same notebook names replaces the
 * file (nbexchange kept serving the old one). `notebooks` empty keeps the previous release's list.
 */
export async function insertRelease({
  authz,
  code,
  releaseId,
  notebooks,
  object,
}: {
  authz: ExchangeAuthz;
  code: string;
  releaseId: string;
  notebooks: string[];
  object: StoredObject;
}): Promise<ExchangeRelease> {
  if (!authz.staff) throw new Error("only staff release");
  return db().transaction(async (tx) => {
    // Serialises releases of the same code in a course (two markers releasing at once make one assignment).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`exchange:${authz.course.id}:${code}`}, 0))`);
    let assignment = await selectOptionalExchangeAssignment({ authz, code, tx });
    if (!assignment) {
      const assignmentId = await ensureLanternAssignment(tx, authz, code);
      [assignment] = await tx.insert(exchangeAssignments).values({ courseId: authz.course.id, assignmentId, code }).returning();
    } else if (!assignment.active) {
      [assignment] = await tx.update(exchangeAssignments).set({ active: true }).where(eq(exchangeAssignments.id, assignment.id)).returning();
    }
    let names = [...new Set(notebooks)].sort();
    if (!names.length) {
      const [previous] = await tx
        .select({ notebooks: exchangeReleases.notebooks })
        .from(exchangeReleases)
        .where(eq(exchangeReleases.exchangeAssignmentId, assignment.id))
        .orderBy(desc(exchangeReleases.createdAt))
        .limit(1);
      names = previous?.notebooks ?? [];
    }
    const [release] = await tx
      .insert(exchangeReleases)
      .values({
        id: releaseId,
        exchangeAssignmentId: assignment.id,
        releasedByUserId: authz.caller.user.id,
        notebooks: names,
        storageKey: object.key,
        sha256: object.sha256,
        bytes: object.bytes,
      })
      .returning();
    await tx.insert(exchangeActions).values({ exchangeAssignmentId: assignment.id, userId: authz.caller.user.id, action: "released", releaseId });
    return release;
  });
}

/** Marks an assignment unreleased: students can no longer fetch or submit; its history and files stay. */
export async function updateExchangeAssignmentUnreleased({ authz, exchangeAssignment }: { authz: ExchangeAuthz; exchangeAssignment: ExchangeAssignment }) {
  if (!authz.staff || exchangeAssignment.courseId !== authz.course.id) throw new Error("only staff unrelease");
  await db().transaction(async (tx) => {
    await tx.update(exchangeAssignments).set({ active: false }).where(eq(exchangeAssignments.id, exchangeAssignment.id));
    await tx.insert(exchangeActions).values({ exchangeAssignmentId: exchangeAssignment.id, userId: authz.caller.user.id, action: "removed" });
  });
}
