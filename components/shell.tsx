import Link from "next/link";
import { getSession } from "@/lib/auth/session";
import { signOut } from "./sign-out-action";
import { ViewAsBanner } from "./view-as-banner";

type Crumb = { href?: string; label: string };

/**
 * The document title for a page: its own name first, then where it sits, e.g. "FizzBuzz · Introduction to
 * Programming · Lantern" (WCAG 2.4.2: titles say what the page is; the generic "Courses" crumb adds nothing).
 */
export function pageTitle(crumbs: Crumb[], title?: string): string {
  const parts = title ? [title] : crumbs.filter((c) => c.label !== "Courses" || crumbs.length === 1).map((c) => c.label).reverse();
  return [...parts, "Lantern"].join(" · ");
}

/**
 * The page frame: a slim header (no heavy chrome, so Lantern looks at home inside an LMS iframe) and a content area.
 * The header wraps rather than truncating, so breadcrumbs stay readable at 320 px (WCAG 1.4.10 Reflow).
 * The page's <title> is rendered here (React hoists it into <head>) so every page gets one from its breadcrumbs;
 * pages using Shell therefore export no metadata title.
 */
export async function Shell({ children, crumbs = [], title }: { children: React.ReactNode; crumbs?: Crumb[]; title?: string }) {
  const session = await getSession();
  const viewingAs = session && session.effectiveUser.id !== session.user.id;
  const courseId = crumbs.map((c) => /^\/courses\/([0-9a-f-]{36})(\/|$)/.exec(c.href ?? "")?.[1]).find(Boolean) ?? null;
  return (
    <div className="flex min-h-screen flex-col">
      <title>{pageTitle(crumbs, title)}</title>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-lantern-700 focus:shadow"
      >
        Skip to main content
      </a>
      {viewingAs && <ViewAsBanner session={session} courseId={courseId} />}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
          <Link href="/" className="font-semibold text-lantern-700">
            Lantern
          </Link>
          {crumbs.length > 0 && (
            <nav aria-label="Breadcrumb" className="min-w-0 flex-1 basis-48">
              <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-slate-600">
                {crumbs.map((crumb, i) => (
                  <li key={i} className="flex min-w-0 max-w-full items-center gap-2 [overflow-wrap:anywhere]">
                    <span aria-hidden="true">/</span>
                    {crumb.href ? (
                      <Link href={crumb.href} className="hover:underline">
                        {crumb.label}
                      </Link>
                    ) : (
                      <span aria-current="page" className="text-slate-900">
                        {crumb.label}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            </nav>
          )}
          {crumbs.length === 0 && <div className="flex-1" />}
          {!session && (
            <Link href="/sign-in" className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
              Sign in
            </Link>
          )}
          {session?.user.siteRoles.includes("admin") && (
            <Link href="/admin" className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
              Admin
            </Link>
          )}
          {session && (
            <form action={signOut} className="flex flex-wrap items-center gap-x-3">
              <span className="text-slate-600">
                {session.user.name ?? "Signed in"}
                {session.effectiveUser.id !== session.user.id && ` (viewing as ${session.effectiveUser.name ?? "a student"})`}
              </span>
              <button type="submit" className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
