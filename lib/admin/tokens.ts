import { createApiToken } from "@/lib/auth/api-tokens";
import type { SystemAuthz } from "@/lib/auth/authz";
import type { ApiScope, CourseRole } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { selectOptionalCourse } from "@/lib/models/courses";
import { ensureEnrollment, selectOptionalEnrollment } from "@/lib/models/enrollments";
import type { User } from "@/lib/models/users";
import { ensureUserByEmail } from "./users";

/**
 * `npm run lantern -- token create`: a personal API token for the account behind `email` (created if needed), and,
 * with `courseId` and `role`, that account's enrollment in the course (created or changed if needed; audited as
 * `enrollment.ensure`). Returns the token, which is printed once and never stored.
 */
export async function createTokenForEmail({
  authz,
  email,
  scopes,
  expiresInDays,
  name,
  course,
}: {
  authz: SystemAuthz;
  email: string;
  scopes: readonly ApiScope[];
  expiresInDays: number;
  name?: string;
  course?: { unsafeCourseId: string; role: CourseRole };
}): Promise<{ token: string; user: User; createdUser: boolean; enrolled: boolean }> {
  const target = course ? await selectOptionalCourse({ unsafeCourseId: course.unsafeCourseId }) : null;
  if (course && !target) throw notFound(`No course ${course.unsafeCourseId}.`);
  const { user, created } = await ensureUserByEmail({ authz, email });
  let enrolled = false;
  if (course && target) {
    const before = await selectOptionalEnrollment({ courseId: target.id, userId: user.id });
    if (!before || before.role !== course.role || before.status !== "active") {
      await ensureEnrollment({ courseId: target.id, userId: user.id, role: course.role, source: before?.source ?? "manual" });
      await insertAuditEvent({
        authz,
        action: "enrollment.ensure",
        subject: { type: "user", id: user.id, courseId: target.id },
        before: before ? { role: before.role, status: before.status } : null,
        after: { role: course.role, status: "active" },
      });
      enrolled = true;
    }
  }
  const { token } = await createApiToken({ authz, userId: user.id, name: name ?? "command line", scopes, expiresInDays });
  return { token, user, createdUser: created, enrolled };
}
