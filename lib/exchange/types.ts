import type { CourseRole } from "@/lib/auth/roles";
import type { Course } from "@/lib/models/courses";
import type { User } from "@/lib/models/users";

/** Who is calling the exchange API, once authenticated (lib/exchange/auth.ts). */
export type ExchangeCaller = {
  user: User;
  /** How they authenticated: a Lantern API token, or an nbexchange-style signed identity cookie. */
  via: "token" | "cookie";
  /** The nbexchange organisation of a cookie identity; null for API tokens. */
  organisation: string | null;
};

/**
 * The authority for one exchange call in one course: the caller, the course their `course_id` named (found through
 * their own active enrollments, so a course they are not in is never reached) and their role in it. Staff roles
 * (instructor, TA, designer) are nbexchange's "Instructor": any of them may release, collect and give feedback.
 */
export type ExchangeAuthz = {
  kind: "exchange";
  caller: ExchangeCaller;
  course: Course;
  role: CourseRole;
  staff: boolean;
};
