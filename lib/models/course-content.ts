import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import { systemAuthz, type CourseAuthz, type SystemAuthz } from "@/lib/auth/authz";
import type { AssignmentContent } from "@/lib/assignments/content-schema";
import type { CourseContent } from "@/lib/content/format";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { canEditAssignments, contentColumns, toAssignmentContent } from "./assignment-authoring";
import { insertAssignment } from "./assignments";
import type { Executor } from "./code-states";
import type { Course } from "./courses";

const { assignments, assignmentGroups, courses } = schema;

/** Staff in the course, or the operator's command line (`npm run content`) acting on one course with system authority. */
export type ContentAuthz = CourseAuthz | (SystemAuthz & { course: Course });

function mayRead(authz: ContentAuthz): boolean {
  return authz.kind === "system" || (authz.role !== "student" && authz.role !== "mentor");
}

function mayEdit(authz: ContentAuthz): boolean {
  return authz.kind === "system" || canEditAssignments(authz);
}

/** A course's live content (all statuses), in course order: what an export writes. */
export async function selectCourseContent({ authz, tx = db() }: { authz: ContentAuthz; tx?: Executor }): Promise<CourseContent> {
  if (!mayRead(authz)) throw notFound("No such course.");
  const [course] = await tx.select().from(courses).where(eq(courses.id, authz.course.id));
  const groups = await tx
    .select()
    .from(assignmentGroups)
    .where(and(eq(assignmentGroups.courseId, authz.course.id), isNull(assignmentGroups.deletedAt)))
    .orderBy(asc(assignmentGroups.position), asc(assignmentGroups.createdAt));
  const rows = await tx
    .select()
    .from(assignments)
    .where(and(eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)))
    .orderBy(asc(assignments.position), asc(assignments.createdAt), asc(assignments.slug));
  const groupIds = new Set(groups.map((g) => g.id));
  return {
    timeZone: course.timeZone,
    startsOn: course.startsOn,
    groups: groups.map((g) => ({ title: g.title, assignments: rows.filter((a) => a.groupId === g.id).map((a) => a.slug) })),
    ungrouped: rows.filter((a) => !a.groupId || !groupIds.has(a.groupId)).map((a) => a.slug),
    assignments: rows.map(toAssignmentContent),
  };
}

export type ImportChange = {
  slug: string;
  title: string;
  action: "create" | "update" | "unchanged";
  /** Which fields (or "group"/"order") change, for the preview. */
  fields: string[];
};

export type ImportPlan = {
  settings: { field: "timeZone" | "startsOn"; from: string | null; to: string | null }[];
  groupsToCreate: string[];
  changes: ImportChange[];
  /** Assignments of the course that the files do not mention: left exactly as they are. */
  untouched: { slug: string; title: string }[];
  /** Identifies this plan; applying checks that the course still gives the same plan (nothing changed meanwhile). */
  digest: string;
};

const CONTENT_FIELDS: (keyof AssignmentContent)[] = [
  "kind", "title", "points", "status", "gradedBy", "instructions", "starterFiles", "readOnlyFiles", "referenceFiles", "functionTests",
  "ioCases", "opensAt", "dueAt", "lockAt", "latePolicy", "attemptLimit", "scoreCounting", "gradingTimeLimitMs",
];

const KIND_LABEL = { python: "Python", notebook: "notebook" } as const;

/** JSON with object keys sorted: jsonb does not keep key order, so rows and parsed files compare by value. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Where each imported assignment goes: its group title (or null) and its position in course order. */
function placements(content: CourseContent): Map<string, { group: string | null; position: number }> {
  const out = new Map<string, { group: string | null; position: number }>();
  let position = 0;
  for (const g of content.groups) for (const slug of g.assignments) out.set(slug, { group: g.title, position: position++ });
  for (const slug of content.ungrouped) out.set(slug, { group: null, position: position++ });
  return out;
}

/** Compares imported content with the course: what an import would create or change (a preview; writes nothing). */
export async function planContentImport({ authz, content, tx = db() }: { authz: ContentAuthz; content: CourseContent; tx?: Executor }): Promise<ImportPlan> {
  if (!mayEdit(authz)) throw notFound("No such course.");
  const current = await selectCourseContent({ authz, tx });
  const rows = await tx
    .select({ slug: assignments.slug, groupId: assignments.groupId, position: assignments.position })
    .from(assignments)
    .where(and(eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)));
  const groups = await tx
    .select({ id: assignmentGroups.id, title: assignmentGroups.title })
    .from(assignmentGroups)
    .where(and(eq(assignmentGroups.courseId, authz.course.id), isNull(assignmentGroups.deletedAt)));
  const groupTitle = new Map(groups.map((g) => [g.id, g.title]));
  const existing = new Map(current.assignments.map((a) => [a.slug, a]));
  const place = placements(content);
  const rowBySlug = new Map(rows.map((r) => [r.slug, r]));

  const settings: ImportPlan["settings"] = [];
  if (current.timeZone !== content.timeZone) settings.push({ field: "timeZone", from: current.timeZone, to: content.timeZone });
  if (current.startsOn !== content.startsOn) settings.push({ field: "startsOn", from: current.startsOn, to: content.startsOn });
  const groupsToCreate = content.groups.map((g) => g.title).filter((t) => !groups.some((g) => g.title === t));

  // A Python assignment's students have code in Lantern and a notebook's have notebooks in Jupyter: turning one into
  // the other would strand that work, so an import never changes an assignment's kind.
  const kindChanges = content.assignments.filter((a) => existing.has(a.slug) && existing.get(a.slug)!.kind !== a.kind);
  if (kindChanges.length) {
    const names = kindChanges.map((a) => `${a.slug} (${KIND_LABEL[existing.get(a.slug)!.kind]} here, ${KIND_LABEL[a.kind]} in the files)`).join(", ");
    throw badRequest(`An import cannot change an assignment's kind: ${names}. Import it under another folder name to make a new assignment.`);
  }
  const changes = content.assignments.map((a): ImportChange => {
    const before = existing.get(a.slug);
    if (!before) return { slug: a.slug, title: a.title, action: "create", fields: [] };
    const fields: string[] = CONTENT_FIELDS.filter((f) => !same(before[f], a[f]));
    const row = rowBySlug.get(a.slug)!;
    const target = place.get(a.slug)!;
    if ((row.groupId ? (groupTitle.get(row.groupId) ?? null) : null) !== target.group) fields.push("group");
    if (row.position !== target.position) fields.push("order");
    return { slug: a.slug, title: a.title, action: fields.length ? "update" : "unchanged", fields };
  });
  const untouched = current.assignments.filter((a) => !place.has(a.slug)).map((a) => ({ slug: a.slug, title: a.title }));
  const digest = createHash("sha256").update(JSON.stringify({ settings, groupsToCreate, changes, current, content })).digest("hex").slice(0, 32);
  return { settings, groupsToCreate, changes, untouched, digest };
}

/**
 * Applies imported content in one transaction (never half-applied): course settings, missing groups, then every
 * assignment created or updated by slug. Re-importing the same content changes nothing. With `expectedDigest`,
 * refuses (409) when the course changed since that preview.
 */
export async function applyContentImport({
  authz,
  content,
  expectedDigest,
}: {
  authz: ContentAuthz;
  content: CourseContent;
  expectedDigest?: string;
}): Promise<ImportPlan> {
  if (!mayEdit(authz)) throw notFound("No such course.");
  return db().transaction(async (tx) => {
    // One import at a time per course: the course row lock orders concurrent imports and editor saves' group checks.
    await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, authz.course.id)).for("update");
    const plan = await planContentImport({ authz, content, tx });
    if (expectedDigest && plan.digest !== expectedDigest) {
      throw conflict("The course changed since this preview was made. Review the new preview and import again.");
    }
    if (plan.settings.length) {
      await tx.update(courses).set({ timeZone: content.timeZone, startsOn: content.startsOn }).where(eq(courses.id, authz.course.id));
    }
    const groups = await tx
      .select({ id: assignmentGroups.id, title: assignmentGroups.title })
      .from(assignmentGroups)
      .where(and(eq(assignmentGroups.courseId, authz.course.id), isNull(assignmentGroups.deletedAt)));
    const groupId = new Map(groups.map((g) => [g.title, g.id]));
    for (const [position, g] of content.groups.entries()) {
      if (!groupId.has(g.title)) {
        const [row] = await tx.insert(assignmentGroups).values({ courseId: authz.course.id, title: g.title, position }).returning();
        groupId.set(g.title, row.id);
      } else {
        await tx.update(assignmentGroups).set({ position }).where(eq(assignmentGroups.id, groupId.get(g.title)!));
      }
    }
    const place = placements(content);
    const bySlug = new Map(
      (
        await tx
          .select()
          .from(assignments)
          .where(and(eq(assignments.courseId, authz.course.id), isNull(assignments.deletedAt)))
      ).map((r) => [r.slug, r]),
    );
    for (const a of content.assignments) {
      const change = plan.changes.find((c) => c.slug === a.slug)!;
      if (change.action === "unchanged") continue;
      const target = place.get(a.slug)!;
      const placement = { groupId: target.group ? groupId.get(target.group)! : null, position: target.position };
      const row = bySlug.get(a.slug);
      if (!row) {
        await insertAssignment({ authz: authz.kind === "system" ? systemAuthz() : authz, courseId: authz.course.id, values: { ...contentColumns(a), ...placement }, tx });
      } else {
        await tx
          .update(assignments)
          .set({ ...contentColumns(a, row), ...placement, revision: row.revision + 1 })
          .where(eq(assignments.id, row.id));
      }
    }
    return plan;
  });
}
