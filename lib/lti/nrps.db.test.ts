import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { ensurePlatform } from "@/lib/models/lti-platforms";
import { forgetAccessToken } from "./access-token";
import { nrpsMembers } from "./nrps";

withTestDatabase();

describe("NRPS members", () => {
  it("gets a token (aud = token URL), follows next pages and keeps the differences link", async () => {
    const platform = await ensurePlatform({
      values: {
        issuer: "https://nrps-lms.test",
        clientId: "nrps-client",
        name: "NRPS LMS",
        authLoginUrl: "https://nrps-lms.test/auth",
        authTokenUrl: "https://nrps-lms.test/login/oauth2/token",
        jwksUrl: "https://nrps-lms.test/jwks",
        registeredVia: "manual",
        active: true,
      },
    });
    forgetAccessToken();
    const calls: string[] = [];
    let assertionAud: unknown;
    const fetcher = async (url: string, init?: RequestInit) => {
      calls.push(url);
      if (url.endsWith("/token")) {
        const body = new URLSearchParams(String(init?.body));
        assertionAud = decodeJwt(body.get("client_assertion")!).aud;
        expect(body.get("scope")).toBe("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly");
        return Response.json({ access_token: "tok", token_type: "Bearer", expires_in: 3600 });
      }
      expect(new Headers(init?.headers).get("authorization")).toBe("Bearer tok");
      if (url.includes("page=2")) {
        return Response.json(
          { members: [{ user_id: "u3", roles: ["Learner"], status: "Inactive" }] },
          { headers: { link: '<https://nrps-lms.test/m?since=1>; rel="differences"' } },
        );
      }
      return Response.json(
        { members: [{ user_id: "u1", roles: ["Instructor"], name: "T" }, { user_id: "u2", roles: ["Learner"] }] },
        { headers: { link: '<https://nrps-lms.test/m?page=2>; rel="next"' } },
      );
    };
    const result = await nrpsMembers({ platformId: platform.id, membershipsUrl: "https://nrps-lms.test/m" }, fetcher);
    expect(result.members.map((m) => `${m.user_id}:${m.status}`)).toEqual(["u1:Active", "u2:Active", "u3:Inactive"]);
    expect(result.differencesUrl).toBe("https://nrps-lms.test/m?since=1");
    expect(assertionAud).toBe("https://nrps-lms.test/login/oauth2/token");
    expect(calls.filter((c) => c.endsWith("/token"))).toHaveLength(1); // cached across pages
  });
});
