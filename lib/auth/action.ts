import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { HttpError, newErrorId } from "@/lib/errors";
import { parse } from "@/lib/http";
import { log } from "@/lib/log";
import { requireAdmin, requireCourseRole, type CourseAuthz } from "./authz";
import type { CourseRole } from "./roles";
import { getSession, requireSession, type Session } from "./session";

/** What a form shows after a server action: an action-level message and/or messages under fields. */
export type ActionState<D = undefined> = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** What the user typed, returned on failure: React resets a form after its action, so forms refill from this. */
  values?: Record<string, string>;
  /** What an action hands back to its form besides messages (e.g. an import preview). */
  data?: D;
};

type ActionAccess =
  | { public: true }
  | { user: true }
  | { admin: true }
  /** The course comes from the form's `courseId` field. */
  | { courseRoles: readonly CourseRole[]; allowWhileViewingAs?: boolean };

type ActionContext = { session: Session | null; authz: CourseAuthz | null };
/** `arrays`: fields posted several times (checkboxes) that the schema reads as lists. */
type Spec<S> = { access: ActionAccess; schema: S; arrays?: readonly string[] };

async function authorizeAndParse<S extends z.ZodType>(
  spec: Spec<S>,
  formData: FormData,
): Promise<{ input: z.infer<S>; ctx: ActionContext } | ActionState<never>> {
  const session = "public" in spec.access ? await getSession() : await requireSession();
  const raw: Record<string, unknown> = Object.fromEntries(formData.entries());
  for (const name of spec.arrays ?? []) raw[name] = formData.getAll(name);
  let authz: CourseAuthz | null = null;
  if ("admin" in spec.access) await requireAdmin(session!);
  if ("courseRoles" in spec.access) {
    authz = await requireCourseRole({ unsafeCourseId: String(raw.courseId ?? ""), roles: spec.access.courseRoles, session: session! });
    if (authz.viewingAs && !spec.access.allowWhileViewingAs) {
      return { message: "You are viewing as another user; changes are disabled." };
    }
  }
  return { input: parse(spec.schema, raw, "form"), ctx: { session, authz } };
}

/**
 * The one wrapper every server action goes through: authenticates, authorizes, validates the form with zod, and
 * turns failures into ActionState (field errors, a message, or a generic message with an error id) for
 * `useActionState`. Next.js already checks the Origin of server action POSTs, so CSRF is covered.
 */
export function action<S extends z.ZodType, D = undefined>(
  spec: Spec<S>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<ActionState<D> | void>,
) {
  return async (_previous: ActionState<D> | undefined, formData: FormData): Promise<ActionState<D>> => {
    try {
      const prepared = await authorizeAndParse(spec, formData);
      if (!("input" in prepared)) return prepared;
      return (await fn(prepared.input, prepared.ctx)) ?? { ok: true };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures.
      const values = Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
      if (error instanceof HttpError) return { message: error.message, fieldErrors: error.fieldErrors, values };
      const errorId = newErrorId();
      log.error("unhandled error in server action", { errorId, error });
      return { message: `Something went wrong. Error id: ${errorId}.` };
    }
  };
}

/**
 * The same checks for a plain `<form action={…}>` with no state to show (e.g. sign out): failures throw, so the
 * error page (with its error id) or the not-found page is shown.
 */
export function formAction<S extends z.ZodType>(
  spec: Spec<S>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<void>,
) {
  return async (formData: FormData): Promise<void> => {
    const prepared = await authorizeAndParse(spec, formData);
    if (!("input" in prepared)) throw new HttpError(409, "conflict", prepared.message ?? "Refused.");
    await fn(prepared.input, prepared.ctx);
  };
}
