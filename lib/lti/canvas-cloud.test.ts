import { describe, expect, it } from "vitest";
import { canvasCloudEndpoints, canvasHost } from "./canvas-cloud";

describe("canvasHost", () => {
  it("takes a bare host or a pasted https address", () => {
    expect(canvasHost("school.instructure.com")).toBe("school.instructure.com");
    expect(canvasHost(" https://School.Instructure.com/ ")).toBe("school.instructure.com");
    expect(canvasHost("canvas.school.edu")).toBe("canvas.school.edu");
  });

  it("refuses what is not a host", () => {
    for (const bad of ["", "school", "http://school.instructure.com", "school.instructure.com/courses/1", "a b.edu", "-x.edu", "x.edu:8443", "user@x.edu"]) {
      expect(canvasHost(bad), bad).toBeNull();
    }
  });
});

describe("canvasCloudEndpoints", () => {
  it("uses the environment's issuer and sso.canvaslms.com endpoints, and the school's host for tokens", () => {
    expect(canvasCloudEndpoints({ host: "school.instructure.com" })).toEqual({
      name: "Canvas (school.instructure.com)",
      issuer: "https://canvas.instructure.com",
      authLoginUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
      authTokenUrl: "https://school.instructure.com/login/oauth2/token",
      jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
    });
    expect(canvasCloudEndpoints({ host: "school.beta.instructure.com", environment: "beta" })).toMatchObject({
      issuer: "https://canvas.beta.instructure.com",
      authLoginUrl: "https://sso.beta.canvaslms.com/api/lti/authorize_redirect",
      jwksUrl: "https://sso.beta.canvaslms.com/api/lti/security/jwks",
    });
    expect(canvasCloudEndpoints({ host: "school.test.instructure.com", environment: "test" }).issuer).toBe("https://canvas.test.instructure.com");
  });
});
