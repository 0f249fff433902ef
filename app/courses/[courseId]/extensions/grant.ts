import "server-only";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { CourseRole } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { parseGrant } from "@/lib/extensions/grant-form";
import { selectAssignment } from "@/lib/models/assignments";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { ensureExtensions } from "@/lib/models/extensions";
import { selectCourseMember } from "@/lib/models/staff-work";

// Not a "use server" module: grantExtensions must only run behind an action() wrapper that authorized the caller.

/** Instructors and TAs grant extensions (designers author content; they do not decide students' deadlines). */
export const GRANTERS: readonly CourseRole[] = ["instructor", "ta"];
const MAX_STUDENTS = 1000;

export const grantSchema = z.object({
  courseId: z.string(),
  userIds: z.array(z.string().max(100)).max(MAX_STUDENTS, `At most ${MAX_STUDENTS} students at once.`),
  assignmentId: z.string().max(100).default(""),
  dueAt: z.string().max(40).default(""),
  lockAt: z.string().max(40).default(""),
  extraDays: z.string().trim().max(20).default(""),
  extraAttempts: z.string().trim().max(20).default(""),
  reason: z.string().max(2000).default(""),
});

/**
 * Grants the same extension to the chosen students (one assignment, or all of them as an accommodation); audited
 * with what each student had before. Shared by the extensions page and the submissions table's bulk "Extend".
 */
export async function grantExtensions(input: z.infer<typeof grantSchema>, authz: CourseAuthz) {
  if (input.userIds.length === 0) throw badRequest("Choose at least one student.", { userIds: ["Choose at least one student."] });
  const parsed = parseGrant(input, authz.course.timeZone);
  if (!parsed.grant) return { message: parsed.message, fieldErrors: parsed.fieldErrors };
  const assignment = input.assignmentId ? await selectAssignment({ authz, unsafeAssignmentId: input.assignmentId }) : null;
  const members = await Promise.all([...new Set(input.userIds)].map((id) => selectCourseMember({ authz, unsafeUserId: id })));
  const { before } = await ensureExtensions({ authz, assignment, members, grant: parsed.grant });
  await insertAuditEvent({
    authz,
    action: "extension.grant",
    subject: assignment ? { type: "assignment", id: assignment.id } : { type: "course", id: authz.course.id },
    before,
    after: { userIds: members.map((m) => m.userId), ...parsed.grant },
    req: await headers(),
  });
  revalidatePath(`/courses/${authz.course.id}/extensions`);
  const n = members.length;
  return { ok: true, message: `Extension granted to ${n} student${n === 1 ? "" : "s"}${assignment ? ` for ${assignment.title}` : " for every assignment"}.` };
}

