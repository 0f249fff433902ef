import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createApiToken } from "@/lib/auth/api-tokens";
import { requireCourseRole, systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, type CourseRole } from "@/lib/auth/roles";
import { createSession, resolveSessionToken } from "@/lib/auth/session";
import { insertCourse, type Course } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { insertUser, type User } from "@/lib/models/users";
import { dispatchExchange } from "./dispatch";
import { NbgraderClient } from "./nbgrader-client";

/** A course with a code, as an LMS launch makes one (test and bench data only). */
export async function exchangeCourse(code: string, title = code): Promise<Course> {
  return insertCourse({ values: { title, code } });
}

/** A member of the course with a header token for the exchange (test and bench data only). */
export async function exchangeMember(course: Course, role: CourseRole, name: string, email: string | null = null): Promise<{ user: User; token: string }> {
  const user = await insertUser({ values: { name, email } });
  await ensureEnrollment({ courseId: course.id, userId: user.id, role, source: "manual" });
  const { token } = await createApiToken({ authz: systemAuthz("cli"), userId: user.id, name: "exchange", scopes: ["exchange"], expiresInDays: 1 });
  return { user, token };
}

/** Gzipped bytes standing in for an nbgrader tarball (the exchange does not look inside). */
export function fakeTarball(label: string, size = 0): Uint8Array {
  const filler = size > 0 ? Buffer.alloc(size, 0).map((_, i) => (i * 2654435761) >>> 24) : Buffer.alloc(0);
  return new Uint8Array(gzipSync(Buffer.concat([Buffer.from(`${label}\n`), filler]), { level: 1 }));
}

/** nbgrader's feedback checksum shape (md5 of the notebook plus its unique key); only its presence matters here. */
export function feedbackChecksum(parts: string[]): string {
  return createHash("md5").update(parts.join("+")).digest("hex");
}

/** An nbgrader client that reaches the exchange routes in this process, signed in with `token`. */
export function exchangeClient(token: string): NbgraderClient {
  return new NbgraderClient(dispatchExchange, "http://localhost:3000", { token });
}

/** What a member may do in a course, as their own request would resolve it (for calling lib/ functions directly). */
export async function memberAuthz(userId: string, courseId: string) {
  const { token } = await createSession({ userId, kind: "test" });
  return requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES, session: (await resolveSessionToken(token, "header"))! });
}
