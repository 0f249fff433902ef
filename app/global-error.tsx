"use client";

/** Last-resort error page when the root layout itself fails; shows the error id only. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "4rem auto", maxWidth: "36rem", padding: "0 1rem" }}>
        <main>
          <h1>Something went wrong</h1>
          <p>Lantern could not show this page. Please try again in a moment.</p>
          <p>
            Error id: <code>{error.digest ?? "unavailable"}</code>
          </p>
        </main>
      </body>
    </html>
  );
}
