import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Addresses a public LMS never has: loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * unique-local and unspecified. Dynamic Registration fetches whatever URL the request names, so in production these
 * are refused to keep /lti/register from reaching into Lantern's own network (SSRF).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

function isBlocked(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  const family = isIP(address);
  return family === 4 ? blocked.check(address, "ipv4") : family === 6 ? blocked.check(address, "ipv6") : true;
}

export type Lookup = (host: string) => Promise<{ address: string }[]>;
const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Whether every address `url`'s host resolves to is public. (A later re-resolution could differ: DNS rebinding.) */
export async function isPublicUrl(url: string, lookup: Lookup = systemLookup): Promise<boolean> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return !isBlocked(host);
  try {
    const addresses = await lookup(host);
    return addresses.length > 0 && addresses.every((a) => !isBlocked(a.address));
  } catch {
    return false;
  }
}
