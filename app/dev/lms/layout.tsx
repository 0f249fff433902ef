import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isDevelopmentLike } from "@/lib/env";

export const metadata: Metadata = { title: { default: "Dev LMS", template: "%s · Dev LMS" } };

/** The dev LMS exists only in development and test; in production every page under it is a 404. */
export default function DevLmsLayout({ children }: { children: React.ReactNode }) {
  if (!isDevelopmentLike()) notFound();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-300 bg-slate-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <p className="font-semibold">Dev LMS</p>
          <nav aria-label="Dev LMS">
            <ul className="flex flex-wrap gap-4 text-sm">
              <li><Link className="underline" href="/dev/lms">Course</Link></li>
              <li><Link className="underline" href="/dev/lms/gradebook">Gradebook</Link></li>
              <li><Link className="underline" href="/dev/lms/tools">Tools and registration</Link></li>
              <li><Link className="underline" href="/dev/lms/lti11">LTI 1.1 tool</Link></li>
            </ul>
          </nav>
          <p className="ml-auto text-xs text-slate-200">A simulated LMS for development and tests. Not part of Lantern.</p>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
