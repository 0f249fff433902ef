import { createHmac } from "node:crypto";
import { isIP } from "node:net";
import { env } from "@/lib/env";

/** Request headers from a route handler's Request, or `await headers()` in a server action. */
export type RequestLike = Request | Headers;

function headersOf(req: RequestLike): Headers {
  return req instanceof Headers ? req : req.headers;
}

/**
 * The client's address: the last X-Forwarded-For entry, i.e. the address the nearest proxy saw (Next.js fills the
 * header with the socket address when no proxy sent one). Entries further left are whatever the client claimed.
 */
export function clientIp(req: RequestLike): string | null {
  const forwarded = headersOf(req).get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1) ?? null;
  if (!last) return null;
  const bare = last.replace(/^\[|\]$/g, "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(bare) ? bare : null;
}

/** An address truncated to its network: /24 for IPv4, /48 for IPv6 (enough to say "from where", not "which host"). */
export function ipPrefix(ip: string | null): string | null {
  if (!ip) return null;
  if (isIP(ip) === 4) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIP(ip) === 6) {
    const [head, tail = ""] = ip.split("::");
    const left = head ? head.split(":") : [];
    const right = tail ? tail.split(":") : [];
    const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
    return `${groups.slice(0, 3).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/48`;
  }
  return null;
}

/** A keyed hash of a string (user agent, address): equal inputs compare equal, but the input cannot be read back. */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", env().AUTH_SECRET).update(`${purpose}\0${value}`).digest("base64url").slice(0, 22);
}

/** Where a request came from, in the privacy-preserving form the audit log stores. */
export function requestOrigin(req: RequestLike | null | undefined): { ipPrefix: string | null; userAgentHash: string | null } {
  if (!req) return { ipPrefix: null, userAgentHash: null };
  const ua = headersOf(req).get("user-agent");
  return { ipPrefix: ipPrefix(clientIp(req)), userAgentHash: ua ? keyedHash("user-agent", ua.slice(0, 1000)) : null };
}
