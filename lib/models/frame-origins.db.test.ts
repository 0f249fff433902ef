import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { selectLmsOrigins } from "./frame-origins";
import { ensurePlatform, updatePlatformActive } from "./lti-platforms";
import { ensureLtiContext } from "./lti-launches";

withTestDatabase();

describe("selectLmsOrigins", () => {
  it("names the origins of active platforms and of the service URLs their launches carried, and nothing else", async () => {
    const moodle = await ensurePlatform({
      values: {
        issuer: "https://moodle.example.edu",
        clientId: "c1",
        name: "Moodle",
        authLoginUrl: "https://moodle.example.edu/mod/lti/auth.php",
        authTokenUrl: "https://moodle.example.edu/mod/lti/token.php",
        jwksUrl: "https://moodle.example.edu/mod/lti/certs.php",
        registeredVia: "dynamic",
      },
    });
    const canvas = await ensurePlatform({
      values: {
        issuer: "https://canvas.instructure.com",
        clientId: "c2",
        name: "Canvas",
        authLoginUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
        authTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
        jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
        registeredVia: "dynamic",
      },
    });
    await ensureLtiContext({
      platformId: canvas.id,
      contextId: "course-1",
      nrpsUrl: "https://canvas.school.edu/api/lti/courses/1/names_and_roles",
      ags: { lineitems: "https://canvas.school.edu/api/lti/courses/1/line_items", scope: [] },
    });
    expect((await selectLmsOrigins()).sort()).toEqual([
      "https://canvas.instructure.com",
      "https://canvas.school.edu",
      "https://moodle.example.edu",
      "https://sso.canvaslms.com",
    ]);
    await updatePlatformActive({ platformId: moodle.id, active: false });
    const after = await selectLmsOrigins();
    expect(after).not.toContain("https://moodle.example.edu");
    expect(after).toContain("https://canvas.school.edu");
  });
});
