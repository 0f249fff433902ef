import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { HttpError, newErrorId } from "@/lib/errors";
import { parse } from "@/lib/http";
import { log } from "@/lib/log";
import { authenticate, authorize, type AccessContext, type ActionAccess } from "./access";

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

/** `arrays`: fields posted several times (checkboxes) that the schema reads as lists. */
type Spec<A extends ActionAccess, S> = { access: A; schema: S; arrays?: readonly string[] };

async function authorizeAndParse<A extends ActionAccess, S extends z.ZodType>(
  spec: Spec<A, S>,
  formData: FormData,
): Promise<{ input: z.infer<S>; ctx: AccessContext<A> }> {
  const session = await authenticate(spec.access);
  const raw: Record<string, unknown> = Object.fromEntries(formData.entries());
  for (const name of spec.arrays ?? []) raw[name] = formData.getAll(name);
  // Authorization comes first: a caller who may not act learns nothing from field validation.
  const ctx = await authorize(spec.access, session, { unsafeCourseId: raw.courseId, mutating: true });
  return { input: parse(spec.schema, raw, "form"), ctx };
}

/**
 * The one wrapper every server action goes through: authenticates, authorizes from the declared access (a course
 * role → `ctx.authz`, signed in → non-null `ctx.session`), validates the form with zod, and turns failures into
 * ActionState (field errors, a message, or a generic message with an error id) for `useActionState`. Next.js checks
 * the Origin of server action POSTs, so CSRF is covered.
 */
export function action<A extends ActionAccess, S extends z.ZodType, D = undefined>(
  spec: Spec<A, S>,
  fn: (input: z.infer<S>, ctx: AccessContext<A>) => Promise<ActionState<D> | void>,
) {
  return async (_previous: ActionState<D> | undefined, formData: FormData): Promise<ActionState<D>> => {
    try {
      const { input, ctx } = await authorizeAndParse(spec, formData);
      const state = (await fn(input, ctx)) ?? { ok: true };
      // React resets a form after its action, so a refusal the action returns (not only one it throws) hands back
      // what was typed: otherwise the extension form forgot the chosen student after "give extra days".
      return state.ok || state.values ? state : { ...state, values: typedValues(formData) };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures.
      const values = typedValues(formData);
      if (error instanceof HttpError) return { message: error.message, fieldErrors: error.fieldErrors, values };
      const errorId = newErrorId();
      log.error("unhandled error in server action", { errorId, error });
      return { message: `Something went wrong. Error id: ${errorId}.` };
    }
  };
}

/** A form's text fields as typed (files left out), for the form to refill after a refusal. */
function typedValues(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * The same checks for a plain `<form action={…}>` with no state to show (e.g. sign out): failures throw, so the
 * error page (with its error id) or the not-found page is shown.
 */
export function formAction<A extends ActionAccess, S extends z.ZodType>(
  spec: Spec<A, S>,
  fn: (input: z.infer<S>, ctx: AccessContext<A>) => Promise<void>,
) {
  return async (formData: FormData): Promise<void> => {
    const { input, ctx } = await authorizeAndParse(spec, formData);
    await fn(input, ctx);
  };
}
