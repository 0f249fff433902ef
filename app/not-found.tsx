import Link from "next/link";
import { PlainFrame } from "@/components/plain-frame";

export const metadata = { title: "Page not found · Lantern" };

/**
 * 404: the page does not exist or is not yours to see (the two are deliberately indistinguishable, house style 11).
 * No log line, no error id and no session: Next renders this boundary into every page's payload, so anything done
 * here would happen on every render.
 */
export default function NotFound() {
  return (
    <PlainFrame>
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-700">This page does not exist, or you do not have access to it.</p>
      <h2 className="mt-6 text-base font-semibold">What to do next</h2>
      <ul className="mt-2 list-disc space-y-1 pl-6 text-slate-700">
        <li>If you followed a link from your LMS, open the assignment again from your course.</li>
        <li>If you typed the address, check it.</li>
        <li>If you should have access, ask your instructor to check that you are enrolled in the course.</li>
      </ul>
      <p className="mt-6 flex flex-wrap gap-3">
        <Link href="/courses" className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600">
          Your courses
        </Link>
        <Link href="/" className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
          Go to the start page
        </Link>
      </p>
    </PlainFrame>
  );
}
