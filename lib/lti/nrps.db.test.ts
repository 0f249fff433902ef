import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { ensurePlatform } from "@/lib/models/lti-platforms";
import { NrpsError, nrpsMembers } from "./nrps";

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

  it("filters by role, stops at maxPages, gets a fresh token once after a 401 and validates members", async () => {
    const platform = await ensurePlatform({
      values: {
        issuer: "https://nrps-lms2.test",
        clientId: "nrps-client",
        name: "NRPS LMS 2",
        authLoginUrl: "https://nrps-lms2.test/auth",
        authTokenUrl: "https://nrps-lms2.test/token",
        jwksUrl: "https://nrps-lms2.test/jwks",
        registeredVia: "manual",
        active: true,
      },
    });
    let tokens = 0;
    let broken = false;
    const pages: string[] = [];
    const fetcher = async (url: string, init?: RequestInit) => {
      if (url.endsWith("/token")) return Response.json({ access_token: `tok-${++tokens}`, token_type: "bearer", expires_in: 3600 });
      if (new Headers(init?.headers).get("authorization") === "Bearer tok-1" && tokens === 1) return new Response("expired", { status: 401 });
      pages.push(url);
      if (broken) return Response.json({ members: [{ roles: ["Learner"] }] });
      const page = Number(new URL(url).searchParams.get("page") ?? 1);
      return Response.json(
        { members: [{ user_id: `u${page}`, roles: ["Learner"] }] },
        { headers: { link: `<https://nrps-lms2.test/m?page=${page + 1}>; rel="next"` } },
      );
    };
    const learner = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    const result = await nrpsMembers({ platformId: platform.id, membershipsUrl: "https://nrps-lms2.test/m", role: learner, maxPages: 3 }, fetcher);
    expect(result.members.map((m) => m.user_id)).toEqual(["u1", "u2", "u3"]);
    expect(new URL(pages[0]).searchParams.get("role")).toBe(learner);
    expect(pages).toHaveLength(3);
    expect(tokens).toBe(2);
    broken = true;
    const error = await nrpsMembers({ platformId: platform.id, membershipsUrl: "https://nrps-lms2.test/m" }, fetcher).catch((e) => e);
    expect(error).toBeInstanceOf(NrpsError);
    expect(error).toMatchObject({ status: 502 });
  });

  it("reports the LMS's refusal with its status", async () => {
    const platform = await ensurePlatform({
      values: {
        issuer: "https://nrps-lms3.test",
        clientId: "nrps-client",
        name: "NRPS LMS 3",
        authLoginUrl: "https://nrps-lms3.test/auth",
        authTokenUrl: "https://nrps-lms3.test/token",
        jwksUrl: "https://nrps-lms3.test/jwks",
        registeredVia: "manual",
        active: true,
      },
    });
    const refuse = (status: number) => async (url: string) =>
      url.endsWith("/token") ? new Response("no", { status }) : new Response("forbidden", { status: 403 });
    const input = { platformId: platform.id, membershipsUrl: "https://nrps-lms3.test/m" };
    await expect(nrpsMembers(input, refuse(400))).rejects.toMatchObject({ status: 400, message: "The LMS refused an access token (400): no" });
    const ok = async (url: string) => (url.endsWith("/token") ? Response.json({ access_token: "t", token_type: "Bearer", expires_in: 60 }) : new Response("forbidden", { status: 403 }));
    await expect(nrpsMembers(input, ok)).rejects.toMatchObject({ status: 403, message: "The LMS refused the membership request (403)." });
  });

  it("reads members whose unshared fields are null (Canvas membership shape)", async () => {
    const platform = await ensurePlatform({
      values: {
        issuer: "https://nrps-lms4.test",
        clientId: "nrps-client",
        name: "NRPS LMS 4",
        authLoginUrl: "https://nrps-lms4.test/auth",
        authTokenUrl: "https://nrps-lms4.test/token",
        jwksUrl: "https://nrps-lms4.test/jwks",
        registeredVia: "manual",
        active: true,
      },
    });
    const fetcher = async (url: string) =>
      url.endsWith("/token")
        ? Response.json({ access_token: "t", token_type: "Bearer", expires_in: 60 })
        : Response.json({
            id: "https://nrps-lms4.test/m",
            context: { id: "4dde05e8ca19", label: "CS101", title: "Intro" },
            members: [
              {
                status: "Active",
                name: "Ada Lovelace",
                picture: null,
                given_name: "Ada",
                family_name: "Lovelace",
                email: null,
                lis_person_sourcedid: null,
                user_id: "535fa085-f1e4-4d4c-a9ab-5ec1bc4a4d6b",
                lti11_legacy_user_id: "3a3f2c5b",
                roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
              },
            ],
          });
    const result = await nrpsMembers({ platformId: platform.id, membershipsUrl: "https://nrps-lms4.test/m" }, fetcher);
    expect(result.members).toEqual([
      {
        user_id: "535fa085-f1e4-4d4c-a9ab-5ec1bc4a4d6b",
        status: "Active",
        name: "Ada Lovelace",
        given_name: "Ada",
        family_name: "Lovelace",
        roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
      },
    ]);
  });
});
