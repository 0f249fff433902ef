import Link from "next/link";

/**
 * Shell's frame without the session (components/shell.tsx): the skip link, the header with the wordmark and the
 * content column, for pages that must not read the session — the 404 boundary is rendered into every page's
 * payload, and the error boundary may be showing a failed session lookup.
 */
export function PlainFrame({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-lantern-700 focus:shadow"
      >
        Skip to main content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
          <Link href="/" className="font-semibold text-lantern-700">
            Lantern
          </Link>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 focus:outline-none">
        <div className="max-w-2xl">{children}</div>
      </main>
    </div>
  );
}
