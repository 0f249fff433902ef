import { forbidden, unauthorized } from "@/lib/errors";
import { requireCourseRole, requireSiteRole, type CourseAuthz, type SiteAuthz, type UserAuthz } from "./authz";
import type { CourseRole, SiteRole } from "./roles";
import { DOWNLOAD_PARAM, verifyDownloadSignature } from "./download-link";
import { getSession, resolveSessionById, type ApiScope, type Session } from "./session";

/**
 * Who may run a page, server action or route handler, declared next to it (house style, rule 10). The wrapper that
 * receives it (`handler`, `action`, `formAction`, `page`) authenticates and authorizes before the body is read, and
 * hands the function a context typed by this declaration: see `AccessContext`.
 */
export type Access =
  /** Anyone; the session is passed when there is one. */
  | { public: true }
  /** Any signed-in user. */
  | { user: true }
  /** A user holding one of these site roles (admins pass every site-role check). */
  | { siteRoles: readonly SiteRole[] }
  /**
   * A member of the course with one of these roles (site admins count as instructors). The course id is read from
   * `courseFrom` under the name `courseId`: route params by default for handlers and pages, the form for actions.
   * Mutations are refused while staff view the course as a student unless `allowWhileViewingAs`.
   */
  | (CourseAccess & { courseFrom?: CourseSource });

type CourseAccess = { courseRoles: readonly CourseRole[]; allowWhileViewingAs?: boolean };

/** Server actions read the course from the form's `courseId` field, so they take no `courseFrom`. */
export type ActionAccess = Exclude<Access, { courseRoles: unknown }> | (CourseAccess & { courseFrom?: never });
/** Pages read the course from the `courseId` route parameter. */
export type PageAccess = ActionAccess;

/** Where a course-scoped wrapper finds `courseId`. "body" is JSON for handlers; actions always use the form. */
export type CourseSource = "params" | "query" | "body";

/**
 * What the wrapped function receives for each kind of access: no null checks or `!` needed. `authz` names the
 * authority that was checked; pass it on to models and to insertAuditEvent.
 */
export type AccessContext<A extends Access> = A extends { courseRoles: readonly CourseRole[] }
  ? { session: Session; authz: CourseAuthz }
  : A extends { siteRoles: readonly SiteRole[] }
    ? { session: Session; authz: SiteAuthz }
    : A extends { public: true }
      ? { session: Session | null }
      : { session: Session; authz: UserAuthz };

/**
 * Authenticates the caller for `access`. API tokens are accepted only where `apiScope` names a scope the token holds
 * (pages and server actions never name one), so a token can do nothing a route did not opt into.
 */
export async function authenticate(access: Access, apiScope?: ApiScope, downloadRequest?: Request): Promise<Session | null> {
  let session = await getSession();
  if (!session && downloadRequest) session = await downloadLinkSession(downloadRequest);
  if (session?.apiToken) {
    if (!apiScope) throw unauthorized("API tokens cannot be used here.");
    if (!session.apiToken.scopes.includes(apiScope)) {
      throw forbidden(`This API token lacks the "${apiScope}" scope.`);
    }
  }
  if (!session && !("public" in access)) throw unauthorized();
  return session;
}

/**
 * Authorizes an authenticated caller for `access`. `unsafeCourseId` is the raw id from the declared place (ignored
 * unless the access is course-scoped); `mutating` refuses view-as sessions where the access does not allow them.
 */
export async function authorize<A extends Access>(
  access: A,
  session: Session | null,
  { unsafeCourseId, mutating }: { unsafeCourseId?: unknown; mutating: boolean },
): Promise<AccessContext<A>> {
  if ("public" in access) return { session } as AccessContext<A>;
  if (!session) throw unauthorized();
  if ("siteRoles" in access) {
    return { session, authz: await requireSiteRole({ session, roles: access.siteRoles }) } as AccessContext<A>;
  }
  if ("courseRoles" in access) {
    const authz = await requireCourseRole({
      unsafeCourseId: typeof unsafeCourseId === "string" ? unsafeCourseId : "",
      roles: access.courseRoles,
      session,
    });
    if (mutating && authz.viewingAs && !access.allowWhileViewingAs) {
      throw forbidden("You are viewing as another user; changes are disabled.");
    }
    return { session, authz } as AccessContext<A>;
  }
  return { session, authz: { kind: "user", session } } as AccessContext<A>;
}

/** The course source a course-scoped access declares, with the wrapper's default. */
export function courseSource(access: Access, fallback: CourseSource): CourseSource | null {
  if (!("courseRoles" in access)) return null;
  return access.courseFrom ?? fallback;
}

/** A GET with a valid signed download link (lib/auth/download-link.ts) acts as that link's session, for this path only. */
async function downloadLinkSession(req: Request): Promise<Session | null> {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = new URL(req.url);
  const sessionId = verifyDownloadSignature(url.searchParams.get(DOWNLOAD_PARAM), url.pathname);
  return sessionId ? resolveSessionById(sessionId) : null;
}
