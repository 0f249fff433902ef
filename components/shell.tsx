import Link from "next/link";
import { getSession } from "@/lib/auth/session";
import { signOut } from "./sign-out-action";
import { ViewAsBanner } from "./view-as-banner";

/**
 * The page frame: a slim header (no heavy chrome, so Lantern looks at home inside an LMS iframe) and a content area
 * that works from 800 px wide.
 */
export async function Shell({ children, crumbs = [] }: { children: React.ReactNode; crumbs?: { href?: string; label: string }[] }) {
  const session = await getSession();
  const viewingAs = session && session.effectiveUser.id !== session.user.id;
  const courseId = crumbs.map((c) => /^\/courses\/([0-9a-f-]{36})(\/|$)/.exec(c.href ?? "")?.[1]).find(Boolean) ?? null;
  return (
    <div className="flex min-h-screen flex-col">
      {viewingAs && <ViewAsBanner session={session} courseId={courseId} />}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-2 text-sm">
          <Link href="/" className="font-semibold text-lantern-700">
            Lantern
          </Link>
          {crumbs.length > 0 && (
            <nav aria-label="Breadcrumb" className="min-w-0 flex-1">
              <ol className="flex min-w-0 items-center gap-2 text-slate-600">
                {crumbs.map((crumb, i) => (
                  <li key={i} className="flex min-w-0 items-center gap-2">
                    <span aria-hidden="true">/</span>
                    {crumb.href ? (
                      <Link href={crumb.href} className="truncate hover:underline">
                        {crumb.label}
                      </Link>
                    ) : (
                      <span aria-current="page" className="truncate text-slate-900">
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
            <form action={signOut} className="flex items-center gap-3">
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
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
