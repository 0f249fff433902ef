import { z } from "zod";
import type { CourseRole } from "@/lib/auth/roles";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import {
  insertExchangeIdentity,
  insertOrganisationCourse,
  selectOptionalExchangeIdentity,
  selectOptionalOrganisationCourse,
} from "@/lib/models/exchange-members";
import { insertUser, selectOptionalUser, type User } from "@/lib/models/users";

/**
 * One nbgrader identity as nbexchange's user plugins describe it: username, the current course and role in it, the
 * organisation (nbexchange `org_id`, default 1). Ids are kept exactly as given (odd characters included).
 */
export const nbexchangeIdentity = z.object({
  name: z.string().min(1).max(200),
  full_name: z.string().max(500).optional(),
  email: z.string().max(320).optional(),
  course_id: z.string().min(1).max(200),
  course_title: z.string().max(500).optional(),
  course_role: z.string().refine((r) => ["instructor", "student"].includes(r.toLowerCase()), "must be Instructor or Student"),
  org_id: z.union([z.string().min(1).max(100), z.number().int()]).optional(),
});
export type NbexchangeIdentity = z.infer<typeof nbexchangeIdentity>;

/**
 * Finds or creates what an nbexchange identity names: the organisation's user (by username), the organisation's
 * course (by code) and the user's enrollment in it with the role given (`Instructor` → instructor, else student).
 * The same username or course code in another organisation is another user or course.
 */
export async function ensureNbexchangeIdentity(identity: NbexchangeIdentity): Promise<{ user: User; courseId: string; role: CourseRole; organisation: string }> {
  const organisation = String(identity.org_id ?? 1);
  const role: CourseRole = identity.course_role.toLowerCase() === "instructor" ? "instructor" : "student";
  let known = await selectOptionalExchangeIdentity({ organisation, username: identity.name });
  if (!known) {
    const created = await insertUser({ values: { name: identity.full_name || identity.name, email: identity.email ?? null } });
    known = await insertExchangeIdentity({ userId: created.id, organisation, username: identity.name });
  }
  const user = known && (await selectOptionalUser({ userId: known.userId }));
  if (!user) throw new Error("exchange identity without a user");
  let course = await selectOptionalOrganisationCourse({ organisation, code: identity.course_id });
  if (!course) {
    const created = await insertCourse({ values: { title: identity.course_title || identity.course_id, code: identity.course_id } });
    course = await insertOrganisationCourse({ organisation, code: identity.course_id, courseId: created.id });
  }
  if (!course) throw new Error("exchange course could not be created");
  await ensureEnrollment({ courseId: course.id, userId: user.id, role, source: "manual" });
  return { user, courseId: course.id, role, organisation };
}
