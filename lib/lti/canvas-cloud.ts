/**
 * The fixed LTI 1.3 endpoints of Instructure-hosted Canvas, for registering a Canvas developer key by hand (the
 * add-platform form's Canvas preset and `npm run lti:register -- --preset canvas`).
 *
 * Canvas "Overview of an LTI Launch" and "Configuring LTI Advantage Tools" (doc/api/lti_launch_overview.md and
 * lti_dev_key_config.md in instructure/canvas-lms, https://developerdocs.instructure.com/services/canvas/external-tools/lti/file.lti_launch_overview):
 * every hosted Canvas launches with the one issuer of its environment, "regardless of the specific account domain",
 * sends the browser to that environment's sso.canvaslms.com authorization endpoint, and signs with its keyset there.
 * The client-credentials token endpoint is `/login/oauth2/token` on the school's own Canvas address (Canvas
 * "OAuth2 Endpoints", doc/api/oauth_endpoints.md), which is why the preset asks for that address.
 */

export const CANVAS_ENVIRONMENTS = {
  production: { issuer: "https://canvas.instructure.com", sso: "https://sso.canvaslms.com" },
  beta: { issuer: "https://canvas.beta.instructure.com", sso: "https://sso.beta.canvaslms.com" },
  test: { issuer: "https://canvas.test.instructure.com", sso: "https://sso.test.canvaslms.com" },
} as const;
export type CanvasEnvironment = keyof typeof CANVAS_ENVIRONMENTS;

export type CanvasCloudEndpoints = { name: string; issuer: string; authLoginUrl: string; authTokenUrl: string; jwksUrl: string };

/**
 * The school's Canvas address as a bare host (`school.instructure.com`, `canvas.school.edu`), accepting what an
 * admin pastes from the address bar (`https://school.instructure.com/`); null when it is not one.
 */
export function canvasHost(input: string): string | null {
  const trimmed = input.trim().replace(/^https:\/\//i, "").replace(/\/+$/, "");
  if (trimmed.length === 0 || trimmed.length > 253 || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(trimmed)) return null;
  return trimmed.toLowerCase();
}

/** The registration values for a hosted Canvas at `host` (a bare host, see canvasHost) in one environment. */
export function canvasCloudEndpoints({ host, environment = "production" }: { host: string; environment?: CanvasEnvironment }): CanvasCloudEndpoints {
  const { issuer, sso } = CANVAS_ENVIRONMENTS[environment];
  return {
    name: environment === "production" ? `Canvas (${host})` : `Canvas ${environment} (${host})`,
    issuer,
    authLoginUrl: `${sso}/api/lti/authorize_redirect`,
    authTokenUrl: `https://${host}/login/oauth2/token`,
    jwksUrl: `${sso}/api/lti/security/jwks`,
  };
}
