"use client";

import Link from "next/link";
import { PlainFrame } from "@/components/plain-frame";
import { TOO_LARGE_PREFIX } from "@/lib/server-action-limit";

/** Any unexpected error: a calm message and the error id that ties it to the server log; never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  // A form refused as too large (a 413 from proxy.ts) says what happened; nothing was saved, so nothing is lost.
  if (error.message.startsWith(TOO_LARGE_PREFIX)) {
    return (
      <PlainFrame>
        <title>That was too much data · Lantern</title>
        <h1 className="text-xl font-semibold">That was too much data</h1>
        <p className="mt-3 text-slate-700">{error.message}</p>
        <div className="mt-6 flex gap-3">
          <button type="button" onClick={reset} className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600">
            Go back to the form
          </button>
        </div>
      </PlainFrame>
    );
  }
  return (
    <PlainFrame>
      <title>Something went wrong · Lantern</title>
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-slate-700">
        Lantern could not show this page. Your saved work is safe. Try again, and if it keeps happening, send the
        error id below to your course staff or administrator.
      </p>
      <p className="mt-3 text-sm">
        Error id: <code className="rounded bg-slate-100 px-1 py-0.5 font-mono">{error.digest ?? "unavailable"}</code>
      </p>
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={reset} className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600">
          Try again
        </button>
        <Link href="/" className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
          Go to the start page
        </Link>
      </div>
    </PlainFrame>
  );
}
