import { describe, expect, it } from "vitest";
import { withProductionEnv } from "@/lib/testing/production-env";
import { handleRegistration } from "./registration";

// In production /lti/register must not become a way to reach Lantern's own network (SSRF): the configuration URL
// and the registration endpoint it names are fetched only when they are public addresses.
withProductionEnv();

const register = (configUrl: string, fetcher: (url: string, init?: RequestInit) => Promise<Response>) =>
  handleRegistration(new Request(`https://lantern.example/lti/register?openid_configuration=${encodeURIComponent(configUrl)}`), fetcher);

describe("Dynamic Registration in production", () => {
  it("never fetches a configuration URL on an internal address", async () => {
    const fetched: string[] = [];
    const response = await register("https://169.254.169.254/latest/meta-data", async (url) => {
      fetched.push(url);
      return Response.json({});
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("The platform configuration is not on a public address.");
    expect(fetched).toEqual([]);
  });

  it("never posts to a registration endpoint on an internal address", async () => {
    const fetched: string[] = [];
    const config = {
      issuer: "https://93.184.216.34",
      authorization_endpoint: "https://93.184.216.34/auth",
      token_endpoint: "https://93.184.216.34/token",
      jwks_uri: "https://93.184.216.34/jwks",
      registration_endpoint: "https://10.0.0.7/internal-admin",
    };
    const response = await register("https://93.184.216.34/.well-known/openid-configuration", async (url) => {
      fetched.push(url);
      return Response.json(config);
    });
    expect(await response.text()).toContain("The platform&#39;s registration endpoint is not on a public address.");
    expect(fetched).toEqual(["https://93.184.216.34/.well-known/openid-configuration"]);
  });
});
