import { z } from "zod";
import { badRequest, HttpError, newErrorId, payloadTooLarge, RateLimitedError } from "./errors";
import { log } from "./log";

/** The one parse helper for untrusted input: zod errors become a 400 with per-field messages. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, what = "input"): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0];
  const where = first.path.length ? ` (${first.path.join(".")})` : "";
  throw badRequest(`Invalid ${what}${where}: ${first.message}`, fieldErrors);
}

/** Reads a JSON body with a byte limit: 413 when too large, 400 when not JSON. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(`Request body is larger than ${maxBytes} bytes.`);
  const text = await readLimitedText(req, maxBytes);
  if (text.trim() === "") throw badRequest("Request body is empty; expected JSON.");
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Request body is not valid JSON.");
  }
}

/** Reads a request body as text, throwing `tooLarge()` as soon as it passes `maxBytes` (declared length or not). */
export async function readLimitedText(
  req: Request,
  maxBytes: number,
  tooLarge: () => Error = () => payloadTooLarge(`Request body is larger than ${maxBytes} bytes.`),
): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON error shape every API answers with: `{ error: { code, message } }`. */
export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  if (error instanceof HttpError) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.fieldErrors ? { fields: error.fieldErrors } : {}) } },
      {
        status: error.status,
        headers: error instanceof RateLimitedError ? { "retry-after": String(error.retryAfterSeconds) } : undefined,
      },
    );
  }
  const errorId = newErrorId();
  log.error("unhandled error in route handler", { errorId, error, ...context });
  return Response.json(
    { error: { code: "internal", message: `Something went wrong. Error id: ${errorId}.` } },
    { status: 500 },
  );
}
