import { HttpError, newErrorId } from "./errors";
import { escapeHtml, htmlPage } from "./lti/html";
import { log } from "./log";

/**
 * Whether a request is a browser loading a page (an address typed or followed, a form post, an LMS frame), not a
 * script's fetch: Fetch Metadata's Sec-Fetch-Dest (https://www.w3.org/TR/fetch-metadata/#sec-fetch-dest-header), with
 * Accept as the fallback for browsers that send no Fetch Metadata. Such a caller gets a page, never a JSON blob.
 */
export function wantsPage(req: Request): boolean {
  const dest = req.headers.get("sec-fetch-dest");
  if (dest) return dest === "document" || dest === "iframe";
  return (req.headers.get("accept") ?? "").split(",")[0].trim() === "text/html";
}

const PAGES: Record<number, { title: string; next: string[] }> = {
  400: { title: "That request could not be used", next: ["Go back, check what you entered and try again."] },
  401: { title: "Sign in to continue", next: ["Open Lantern again from your course in the LMS, or sign in from the start page."] },
  403: { title: "That was refused", next: ["Go back and try again from Lantern's own page (a form sent from another site is refused)."] },
  404: {
    title: "Page not found",
    next: [
      "If you followed a link from your LMS, open the assignment again from your course.",
      "If you typed the address, check it.",
      "If you should have access, ask your instructor to check that you are enrolled in the course.",
    ],
  },
  409: { title: "That changed meanwhile", next: ["Go back, reload the page and try again."] },
  410: { title: "That is no longer available", next: ["Go back and request it again."] },
  413: { title: "That was too much data", next: ["Go back and send less (a smaller file or shorter text)."] },
  429: { title: "Too many requests", next: ["Wait a minute, then try again."] },
};

/**
 * The error of a route handler as a page in the app's look (lib/theme.ts through htmlPage): what happened in plain
 * words, what to do next, and for an unexpected error the id the log line carries (details go only to the log).
 */
export function browserErrorPage(error: unknown, context: Record<string, unknown> = {}): Response {
  let status = 500;
  let message: string;
  let fields: string[] = [];
  let errorId: string | null = null;
  if (error instanceof HttpError) {
    status = error.status;
    message = error.message;
    fields = Object.values(error.fieldErrors ?? {}).flat();
  } else {
    errorId = newErrorId();
    log.error("unhandled error in route handler", { errorId, error, ...context });
    message = "Lantern could not complete this request. Your saved work is safe.";
  }
  const page = PAGES[status] ?? {
    title: "Something went wrong",
    next: ["Try again in a moment.", errorId ? "If it keeps happening, send the error id below to your course staff or administrator." : "If it keeps happening, tell your course staff or administrator."],
  };
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
  return htmlPage({
    title: `${page.title} · Lantern`,
    status,
    headers: status === 429 && error instanceof HttpError && "retryAfterSeconds" in error ? { "retry-after": String(error.retryAfterSeconds) } : {},
    body: `<main><h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(message)}</p>${fields.length > 0 && fields[0] !== message ? list(fields) : ""}
<h2>What to do next</h2>${list(page.next)}
${errorId ? `<p class="note">Error id: <code>${errorId}</code></p>` : ""}
<p><a href="/">Go to the start page</a></p></main>`,
  });
}
