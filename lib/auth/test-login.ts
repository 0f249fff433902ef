import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { selectOptionalCourse } from "@/lib/models/courses";
import { ensureTestLoginUser } from "@/lib/models/users";
import type { CourseRole, SiteRole } from "./roles";
import { createSession, SESSION_COOKIE, sessionCookieOptions } from "./session";

/**
 * The test-only login exists in development (for the demo) and in test runs that set ENABLE_TEST_LOGIN; never in
 * production (lib/env refuses ENABLE_TEST_LOGIN there).
 */
export function testLoginEnabled(): boolean {
  const e = env();
  return e.APP_ENV === "development" || (e.APP_ENV === "test" && e.ENABLE_TEST_LOGIN);
}

export type TestLogin = {
  key: string;
  name?: string;
  email?: string | null;
  siteRoles?: SiteRole[];
  courseId?: string;
  role?: CourseRole;
};

/** Signs in (creating if needed) the user behind a test key, optionally enrolling them; sets the session cookie. */
export async function signInForTest(input: TestLogin): Promise<{ userId: string; token: string }> {
  if (!testLoginEnabled()) throw notFound();
  const user = await ensureTestLoginUser({
    key: input.key,
    name: input.name,
    email: input.email,
    siteRoles: input.siteRoles,
  });
  if (input.courseId && input.role) {
    const course = await selectOptionalCourse({ unsafeCourseId: input.courseId });
    if (!course) throw notFound("No such course.");
    await ensureEnrollment({ courseId: course.id, userId: user.id, role: input.role, source: "manual" });
  }
  const { token, expiresAt } = await createSession({ userId: user.id, kind: "test" });
  (await cookies()).set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt));
  return { userId: user.id, token };
}
