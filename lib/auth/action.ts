import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { HttpError, newErrorId } from "@/lib/errors";
import { parse } from "@/lib/http";
import { log } from "@/lib/log";
import { requireAdmin, requireCourseRole, type CourseAuthz } from "./authz";
import type { CourseRole } from "./roles";
import { requireSession, type Session } from "./session";

/** What a form shows after a server action: an action-level message and/or messages under fields. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
};

type ActionAccess =
  | { user: true }
  | { admin: true }
  /** The course comes from the form's `courseId` field. */
  | { courseRoles: readonly CourseRole[]; allowWhileViewingAs?: boolean };

/**
 * The one wrapper every server action goes through: authenticates, authorizes, validates the form with zod, and
 * turns failures into ActionState (field errors, a message, or a generic message with an error id).
 * Next.js already checks the Origin of server action POSTs, so CSRF is covered.
 */
export function action<S extends z.ZodType>(
  spec: { access: ActionAccess; schema: S },
  fn: (input: z.infer<S>, ctx: { session: Session; authz: CourseAuthz | null }) => Promise<ActionState | void>,
) {
  return async (_previous: ActionState | undefined, formData: FormData): Promise<ActionState> => {
    try {
      const session = await requireSession();
      const raw = Object.fromEntries(formData.entries());
      let authz: CourseAuthz | null = null;
      if ("admin" in spec.access) await requireAdmin(session);
      if ("courseRoles" in spec.access) {
        authz = await requireCourseRole({
          unsafeCourseId: String(raw.courseId ?? ""),
          roles: spec.access.courseRoles,
          session,
        });
        if (authz.viewingAs && !spec.access.allowWhileViewingAs) {
          return { message: "You are viewing as another user; changes are disabled." };
        }
      }
      const input = parse(spec.schema, raw, "form");
      return (await fn(input, { session, authz })) ?? { ok: true };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures.
      if (error instanceof HttpError) return { message: error.message, fieldErrors: error.fieldErrors };
      const errorId = newErrorId();
      log.error("unhandled error in server action", { errorId, error });
      return { message: `Something went wrong. Error id: ${errorId}.` };
    }
  };
}
