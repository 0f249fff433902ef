/**
 * Server action body limits by page. Next has one global `serverActions.bodySizeLimit` (next.config.mjs: 21 MB, for
 * staff uploads) and answers a larger body with a 500 (its action handler turns the 413 into a 500), so the proxy
 * refuses oversized action posts first: 1 MB on every page but the staff upload pages, each with a message.
 */
export const SERVER_ACTION_LIMIT_BYTES = 1024 * 1024;
/** Staff uploads (course content zips up to 20 MiB, whole assignments, gradebook and nbgrader grades CSVs). Matches next.config.mjs. */
export const UPLOAD_ACTION_LIMIT_BYTES = 21 * 1024 * 1024;
const UPLOAD_PAGES = /^\/courses\/[^/]+\/(content|exports\/canvas-compare|notebook-grades|assignments\/new|assignments\/copy|assignments\/[^/]+\/edit)\/?$/;

/** The start of the message a refused action shows (app/error.tsx shows such messages as they are). */
export const TOO_LARGE_PREFIX = "Too much data:";

/** The largest server action body a page accepts, in bytes. */
export function serverActionLimit(pathname: string): number {
  return UPLOAD_PAGES.test(pathname) ? UPLOAD_ACTION_LIMIT_BYTES : SERVER_ACTION_LIMIT_BYTES;
}

/**
 * A 413 for a server action post whose declared length is over the page's limit, else null. The body is plain
 * text: Next's client shows a text/plain error response's body as the thrown error's message.
 */
export function refuseOversizedServerAction(request: Request, pathname: string): Response | null {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const length = Number(request.headers.get("content-length") ?? "0");
  const limit = serverActionLimit(pathname);
  if (!(length > limit)) return null;
  const message = `${TOO_LARGE_PREFIX} this form sent ${mb(length)}, more than the ${mb(limit)} it accepts, so nothing was saved.`;
  return new Response(message, { status: 413, headers: { "content-type": "text/plain" } });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
