import { describe, expect, it } from "vitest";
import { isPublicUrl, type Lookup } from "./public-address";

const resolvesTo = (...addresses: string[]): Lookup => async () => addresses.map((address) => ({ address }));

describe("isPublicUrl (SSRF guard for Dynamic Registration)", () => {
  it("refuses loopback, private, link-local, CGNAT and unique-local addresses", async () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://10.1.2.3/x",
      "https://172.20.0.1/x",
      "https://192.168.1.1/x",
      "http://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/x",
      "https://[::1]/x",
      "https://[fd00::1]/x",
      "https://[fe80::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://0.0.0.0/x",
    ]) {
      expect(await isPublicUrl(url), url).toBe(false);
    }
  });

  it("refuses a name that resolves to any internal address, or does not resolve", async () => {
    expect(await isPublicUrl("https://lms.example.edu/x", resolvesTo("93.184.216.34", "10.0.0.5"))).toBe(false);
    expect(await isPublicUrl("https://nowhere.invalid/x", async () => Promise.reject(new Error("ENOTFOUND")))).toBe(false);
  });

  it("accepts public addresses", async () => {
    expect(await isPublicUrl("https://93.184.216.34/x")).toBe(true);
    expect(await isPublicUrl("https://canvas.instructure.com/x", resolvesTo("52.1.2.3", "2600:1f18::1"))).toBe(true);
  });
});
