import { describe, expect, it } from "vitest";
import { clientIp, ipPrefix, requestOrigin } from "./client-address";

const h = (init: Record<string, string>) => new Headers(init);

describe("client address", () => {
  it("takes the address the nearest proxy saw, not what the client claimed", () => {
    expect(clientIp(h({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(h({ "x-forwarded-for": "::ffff:198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIp(h({ "x-forwarded-for": "not-an-ip" }))).toBeNull();
    expect(clientIp(h({}))).toBeNull();
  });

  it("truncates IPv4 to /24 and IPv6 to /48", () => {
    expect(ipPrefix("203.0.113.9")).toBe("203.0.113.0/24");
    expect(ipPrefix("2001:db8:85a3::8a2e:370:7334")).toBe("2001:db8:85a3::/48");
    expect(ipPrefix("2001:0db8::1")).toBe("2001:db8:0::/48");
    expect(ipPrefix("::1")).toBe("0:0:0::/48");
    expect(ipPrefix(null)).toBeNull();
  });

  it("stores a keyed hash of the user agent, never the string", () => {
    const a = requestOrigin(h({ "user-agent": "Mozilla/5.0 Firefox", "x-forwarded-for": "10.1.2.3" }));
    const b = requestOrigin(h({ "user-agent": "Mozilla/5.0 Firefox" }));
    expect(a.ipPrefix).toBe("10.1.2.0/24");
    expect(a.userAgentHash).toBe(b.userAgentHash);
    expect(a.userAgentHash).not.toContain("Firefox");
    expect(requestOrigin(h({ "user-agent": "Chrome" })).userAgentHash).not.toBe(a.userAgentHash);
  });
});
