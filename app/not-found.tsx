import Link from "next/link";
import { headers } from "next/headers";
import { newErrorId } from "@/lib/errors";
import { log } from "@/lib/log";

export const metadata = { title: "Page not found · Lantern" };

/** 404: the page does not exist or is not yours to see (the two are deliberately indistinguishable). */
export default async function NotFound() {
  const errorId = newErrorId();
  log.debug("not found", { errorId, referer: (await headers()).get("referer") ?? undefined });
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-3 text-slate-700">
        This page does not exist, or you do not have access to it. If you followed a link from your LMS, open the
        assignment from your course again.
      </p>
      <p className="mt-3 text-sm">
        Error id: <code className="rounded bg-slate-100 px-1 py-0.5 font-mono">{errorId}</code>
      </p>
      <p className="mt-6">
        <Link href="/" className="text-lantern-700 underline">
          Go to the start page
        </Link>
      </p>
    </main>
  );
}
