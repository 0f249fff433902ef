"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { isUuid } from "@/lib/models/courses";
import { selectCourseMember } from "@/lib/models/staff-work";
import { ensureCourseTestStudent, startViewingAs } from "@/lib/models/view-as";

const start = z.object({ courseId: z.string(), userId: z.string().max(100), assignmentId: z.string().max(100).optional() });

/** "View as this student" (or `userId=test`: the course's test student). Audited; the page then shows their view. */
export const startViewAsAction = formAction({ access: { courseRoles: STAFF_ROLES }, schema: start }, async (input, { authz }) => {
  const member = input.userId === "test" ? await ensureCourseTestStudent({ authz }) : await selectCourseMember({ authz, unsafeUserId: input.userId });
  await startViewingAs({ authz, member });
  await insertAuditEvent({ authz, action: "view_as.start", subject: { type: "user", id: member.userId }, after: { role: member.role, assignmentId: input.assignmentId ?? null }, req: await headers() });
  const base = `/courses/${authz.course.id}`;
  redirect(input.assignmentId && isUuid(input.assignmentId) ? `${base}/assignments/${input.assignmentId}` : base);
});
