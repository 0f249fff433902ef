import { readLimitedText } from "@/lib/http";
import { LaunchRefusal } from "./refusal";

/** Largest login or launch request we read: real id_tokens are a few KiB; refuse before any work. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Query string plus (for POST) the urlencoded body, size-limited. */
export async function readLtiParams(req: Request): Promise<Record<string, string>> {
  const params: Record<string, string> = Object.fromEntries(new URL(req.url).searchParams);
  if (req.method !== "POST") return params;
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) throw new LaunchRefusal("request_too_large", `Request body of ${declared} bytes.`);
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new LaunchRefusal("malformed_request", "Expected a form post (application/x-www-form-urlencoded).");
  }
  const text = await readLimitedText(
    req,
    MAX_REQUEST_BYTES,
    () => new LaunchRefusal("request_too_large", `Request body over ${MAX_REQUEST_BYTES} bytes.`),
  );
  for (const [k, v] of new URLSearchParams(text)) params[k] = v;
  return params;
}
