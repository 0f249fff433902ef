import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { HttpError } from "@/lib/errors";
import { authenticate, authorize, type AccessContext, type PageAccess } from "./access";

/**
 * Runs a page's authorization and data loading, turning typed errors into navigation: a 404 renders the not-found
 * page, a 401 sends the visitor to the landing page (which explains how to get in). Anything else is a real error.
 */
export async function forPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) notFound();
    if (error instanceof HttpError && error.status === 401) redirect("/");
    throw error;
  }
}

type PageProps = {
  params: Promise<Record<string, string | string[] | undefined>>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** What a page's render function receives: its validated URL plus the session/authz its access declares. */
export type PageContext<A extends PageAccess, P, S> = { params: P; searchParams: S } & AccessContext<A>;

/**
 * The wrapper for pages, like `handler()` for routes: authenticates, authorizes from the declared access (a course
 * role reads `courseId` from the route params), validates params and search params with zod (invalid → 404; use
 * `.catch()` for lenient search params), then renders. Typed errors thrown while rendering become navigation as in
 * `forPage`.
 *
 *   export default page({ access: { courseRoles: STAFF_ROLES }, params: z.object({ courseId: z.string() }) },
 *     async ({ authz }) => <Shell>…{authz.course.title}…</Shell>);
 */
export function page<A extends PageAccess, P = Record<string, never>, S = Record<string, never>>(
  spec: { access: A; params?: z.ZodType<P>; searchParams?: z.ZodType<S> },
  render: (ctx: PageContext<A, P, S>) => Promise<ReactNode>,
) {
  return async function Page(props: PageProps): Promise<ReactNode> {
    const [rawParams, rawSearch] = await Promise.all([props.params, props.searchParams]);
    return forPage(
      (async () => {
        const session = await authenticate(spec.access);
        const access = await authorize(spec.access, session, { unsafeCourseId: rawParams.courseId, mutating: false });
        const params = spec.params ? validOrNotFound(spec.params, rawParams) : ({} as P);
        const searchParams = spec.searchParams ? validOrNotFound(spec.searchParams, rawSearch) : ({} as S);
        return render({ params, searchParams, ...access } as PageContext<A, P, S>);
      })(),
    );
  };
}

function validOrNotFound<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) notFound();
  return result.data;
}
