import { and, asc, eq, isNull } from "drizzle-orm";
import { db, schema } from "@/db";
import type { CourseAuthz } from "@/lib/auth/authz";
import { badRequest, notFound } from "@/lib/errors";
import { isUuid } from "./courses";
import { assertStaff } from "./staff-work";
import { selectSubmissionVersionFiles, type Submission } from "./submissions";

const { codeComments, users, courses } = schema;

export type CodeCommentRow = typeof codeComments.$inferSelect;

/** A comment as staff see it: who wrote it, and the commented lines as they were in that version. */
export type StaffCodeComment = {
  id: string;
  version: number;
  fileName: string;
  startLine: number;
  endLine: number;
  body: string;
  authorName: string | null;
  mine: boolean;
  resolved: boolean;
  createdAt: string;
  updatedAt: string;
};

/** A comment as the student sees it: the author only when the course shows staff names. */
export type StudentCodeComment = Omit<StaffCodeComment, "mine" | "authorName"> & { authorName: string | null; snippet: string[] };

const MAX_BODY = 5000;

function checkBody(body: string): string {
  const text = body.trim();
  if (!text) throw badRequest("Write a comment first.", { body: ["Write a comment first."] });
  if (text.length > MAX_BODY) throw badRequest(`Comments are at most ${MAX_BODY} characters.`, { body: [`At most ${MAX_BODY} characters.`] });
  return text;
}

/** Who may change a comment: its author, or an instructor of the course (TAs manage only their own). */
function mayChange(authz: CourseAuthz, row: CodeCommentRow): boolean {
  return row.authorUserId === authz.session.user.id || authz.role === "instructor";
}

/**
 * Staff comment on lines of one saved version of a student's file. The version, the file and the line range must
 * exist in that version (1-based, inclusive).
 */
export async function insertCodeComment({
  authz,
  submission,
  version,
  fileName,
  startLine,
  endLine,
  body,
}: {
  authz: CourseAuthz;
  submission: Submission;
  version: number;
  fileName: string;
  startLine: number;
  endLine: number;
  body: string;
}): Promise<CodeCommentRow> {
  assertStaff(authz);
  if (submission.courseId !== authz.course.id) throw notFound("No such submission.");
  const files = await selectSubmissionVersionFiles({ submission, version });
  const file = files.find((f) => f.name === fileName);
  if (!file) throw badRequest(`Version ${version} has no file named “${fileName}”.`);
  const lines = file.content.split("\n").length;
  if (!Number.isInteger(startLine) || !Number.isInteger(endLine) || startLine < 1 || endLine < startLine || endLine > lines) {
    throw badRequest(`Pick lines between 1 and ${lines}.`, { lines: [`Pick lines between 1 and ${lines}.`] });
  }
  const [row] = await db()
    .insert(codeComments)
    .values({ submissionId: submission.id, version, fileName, startLine, endLine, body: checkBody(body), authorUserId: authz.session.user.id })
    .returning();
  return row;
}

async function selectChangeable(authz: CourseAuthz, submission: Submission, unsafeCommentId: string): Promise<CodeCommentRow> {
  assertStaff(authz);
  if (!isUuid(unsafeCommentId) || submission.courseId !== authz.course.id) throw notFound("No such comment.");
  const [row] = await db()
    .select()
    .from(codeComments)
    .where(and(eq(codeComments.id, unsafeCommentId), eq(codeComments.submissionId, submission.id), isNull(codeComments.deletedAt)));
  if (!row) throw notFound("No such comment.");
  return row;
}

/** Edits a comment's text (its author or an instructor). */
export async function updateCodeCommentBody({ authz, submission, unsafeCommentId, body }: { authz: CourseAuthz; submission: Submission; unsafeCommentId: string; body: string }) {
  const row = await selectChangeable(authz, submission, unsafeCommentId);
  if (!mayChange(authz, row)) throw notFound("No such comment.");
  const [updated] = await db().update(codeComments).set({ body: checkBody(body) }).where(eq(codeComments.id, row.id)).returning();
  return { before: row, after: updated };
}

/** Marks a comment resolved (or open again); any staff member may. */
export async function updateCodeCommentResolved({ authz, submission, unsafeCommentId, resolved }: { authz: CourseAuthz; submission: Submission; unsafeCommentId: string; resolved: boolean }) {
  const row = await selectChangeable(authz, submission, unsafeCommentId);
  const [updated] = await db()
    .update(codeComments)
    .set(resolved ? { resolvedAt: new Date(), resolvedByUserId: authz.session.user.id } : { resolvedAt: null, resolvedByUserId: null })
    .where(eq(codeComments.id, row.id))
    .returning();
  return updated;
}

/** Deletes a comment (soft: deleted_at; its author or an instructor). */
export async function deleteCodeComment({ authz, submission, unsafeCommentId }: { authz: CourseAuthz; submission: Submission; unsafeCommentId: string }) {
  const row = await selectChangeable(authz, submission, unsafeCommentId);
  if (!mayChange(authz, row)) throw notFound("No such comment.");
  await db().update(codeComments).set({ deletedAt: new Date() }).where(eq(codeComments.id, row.id));
  return row;
}

async function liveComments(submissionId: string) {
  return db()
    .select({ comment: codeComments, authorName: users.name, showNames: courses.showGraderNames })
    .from(codeComments)
    .innerJoin(users, eq(users.id, codeComments.authorUserId))
    .innerJoin(schema.submissions, eq(schema.submissions.id, codeComments.submissionId))
    .innerJoin(courses, eq(courses.id, schema.submissions.courseId))
    .where(and(eq(codeComments.submissionId, submissionId), isNull(codeComments.deletedAt)))
    .orderBy(asc(codeComments.version), asc(codeComments.fileName), asc(codeComments.startLine), asc(codeComments.createdAt));
}

/** Every live comment on a submission, for staff. */
export async function selectStaffCodeComments({ authz, submission }: { authz: CourseAuthz; submission: Submission }): Promise<StaffCodeComment[]> {
  assertStaff(authz);
  if (submission.courseId !== authz.course.id) throw notFound();
  return (await liveComments(submission.id)).map(({ comment: c, authorName }) => ({
    id: c.id,
    version: c.version,
    fileName: c.fileName,
    startLine: c.startLine,
    endLine: c.endLine,
    body: c.body,
    authorName,
    mine: c.authorUserId === authz.session.user.id,
    resolved: c.resolvedAt !== null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  }));
}

/**
 * The comments on the caller's own submission (the effective user's, so staff viewing as the student see the same),
 * each with the commented lines as they were in that version.
 */
export async function selectOwnCodeComments({ authz, submission }: { authz: CourseAuthz; submission: Submission }): Promise<StudentCodeComment[]> {
  if (submission.userId !== authz.session.effectiveUser.id || submission.courseId !== authz.course.id) throw notFound();
  const rows = await liveComments(submission.id);
  const filesByVersion = new Map<number, Awaited<ReturnType<typeof selectSubmissionVersionFiles>>>();
  for (const v of new Set(rows.map((r) => r.comment.version))) filesByVersion.set(v, await selectSubmissionVersionFiles({ submission, version: v }).catch(() => []));
  return rows.map(({ comment: c, authorName, showNames }) => {
    const content = filesByVersion.get(c.version)?.find((f) => f.name === c.fileName)?.content ?? "";
    return {
      id: c.id,
      version: c.version,
      fileName: c.fileName,
      startLine: c.startLine,
      endLine: c.endLine,
      body: c.body,
      authorName: showNames ? authorName : null,
      resolved: c.resolvedAt !== null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      snippet: content.split("\n").slice(c.startLine - 1, c.endLine),
    };
  });
}
