import Link from "next/link";

export const metadata = { title: "Page not found · Lantern" };

/**
 * 404: the page does not exist or is not yours to see (the two are deliberately indistinguishable). No log line and
 * no error id: Next renders this boundary into every page's payload, so a log here would fire on every render.
 */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-700">
        This page does not exist, or you do not have access to it. If you followed a link from your LMS, open the
        assignment from your course again.
      </p>
      <p className="mt-6">
        <Link href="/" className="text-lantern-700 underline">
          Go to the start page
        </Link>
      </p>
    </main>
  );
}
