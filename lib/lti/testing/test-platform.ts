import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { env } from "@/lib/env";
import { ensureDeployment, ensurePlatform, type LtiPlatform } from "@/lib/models/lti-platforms";
import { CLAIM } from "../claims";
import { handleLaunch } from "../launch";
import { handleLogin } from "../login";
import { setPlatformKeyFetch } from "../platform-keys";
import { clearRegistryCache } from "../registry-cache";

/** A fake LMS for tests: its own RSA keys (served through an injected fetch), registration, and token signing. */
export type TestPlatform = Awaited<ReturnType<typeof createTestPlatform>>;

type KeyPair = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

async function keyPair(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export async function createTestPlatform(options: { issuer?: string; clientId?: string; deploymentId?: string } = {}) {
  const issuer = options.issuer ?? "https://lms.test";
  const clientId = options.clientId ?? "client-1";
  const deploymentId = options.deploymentId ?? "deployment-1";
  const jwksUrl = `${issuer}/jwks`;
  const keys: KeyPair[] = [await keyPair("platform-key-1")];
  let jwksFetches = 0;
  clearRegistryCache();
  setPlatformKeyFetch(async (url) => {
    if (url !== jwksUrl) return new Response("not found", { status: 404 });
    jwksFetches++;
    return Response.json({ keys: keys.map((k) => k.publicJwk) });
  }, { kidCooldownMs: 0, minSpacingMs: 0 });
  const platform: LtiPlatform = await ensurePlatform({
    values: {
      issuer,
      clientId,
      name: "Test LMS",
      authLoginUrl: `${issuer}/auth`,
      authTokenUrl: `${issuer}/token`,
      jwksUrl,
      registeredVia: "manual",
      active: true,
    },
  });
  await ensureDeployment({ platformId: platform.id, deploymentId });
  const appUrl = env().APP_URL;

  /** Starts an OIDC login; returns the state, nonce and state cookie the tool issued. */
  async function login(extra: Record<string, string> = {}) {
    const query = new URLSearchParams({
      iss: issuer,
      client_id: clientId,
      login_hint: "user-hint",
      target_link_uri: `${appUrl}/lti/launch`,
      ...extra,
    });
    const response = await handleLogin(new Request(`${appUrl}/lti/login?${query}`));
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
    const location = response.headers.get("location");
    const auth = location ? new URL(location) : null;
    let state = auth?.searchParams.get("state") ?? "";
    let nonce = auth?.searchParams.get("nonce") ?? "";
    if (!auth && response.status === 200) {
      // Storage page: the next URL is inside the page's script.
      const html = await response.clone().text();
      const next = JSON.parse(html.match(/var c=(\{.*?\});/)![1].replace(/\\u0026/g, "&")).next as string;
      state = new URL(next).searchParams.get("state")!;
      nonce = new URL(next).searchParams.get("nonce")!;
    }
    return { response, auth, state, nonce, cookie };
  }

  /** Claims for a typical launch; override or delete (undefined) any of them. */
  function claims(nonce: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const base: Record<string, unknown> = {
      iss: issuer,
      aud: clientId,
      sub: "user-1",
      iat: now,
      exp: now + 300,
      nonce,
      name: "Ada Lovelace",
      email: "ada@example.edu",
      [CLAIM.messageType]: "LtiResourceLinkRequest",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: deploymentId,
      [CLAIM.targetLinkUri]: `${appUrl}/lti/launch`,
      [CLAIM.resourceLink]: { id: "rl-1", title: "Lab 1" },
      [CLAIM.roles]: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
      [CLAIM.context]: { id: "ctx-1", label: "CS 101", title: "Intro to Programming" },
      ...overrides,
    };
    for (const [k, v] of Object.entries(base)) if (v === undefined) delete base[k];
    return base;
  }

  async function sign(payload: Record<string, unknown>, opts: { kid?: string; key?: CryptoKey } = {}) {
    const key = opts.key ?? keys[0].privateKey;
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: opts.kid ?? keys[0].kid, typ: "JWT" }).sign(key);
  }

  /** Posts a launch form to the tool. */
  async function launch(form: Record<string, string>, cookie?: string) {
    return handleLaunch(
      new Request(`${appUrl}/lti/launch`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie && { cookie }) },
        body: new URLSearchParams(form).toString(),
      }),
    );
  }

  /** Login + signed launch in one go; a target_link_uri claim override is the login's target too, as on a real LMS. */
  async function fullLaunch(overrides: Record<string, unknown> = {}) {
    const target = overrides[CLAIM.targetLinkUri];
    const l = await login(typeof target === "string" ? { target_link_uri: target } : {});
    const idToken = await sign(claims(l.nonce, overrides));
    return launch({ id_token: idToken, state: l.state }, l.cookie);
  }

  /** Rotates the platform's key (the new key signs; the old stays published). */
  async function rotate(kid: string) {
    keys.unshift(await keyPair(kid));
  }

  return {
    issuer,
    clientId,
    deploymentId,
    platform,
    keys,
    login,
    claims,
    sign,
    launch,
    fullLaunch,
    rotate,
    jwksFetches: () => jwksFetches,
  };
}

/** Reads the refusal reason code from a refusal page. */
export async function refusalReason(response: Response): Promise<string | null> {
  const html = await response.text();
  return html.match(/Reason code:<\/strong> <code>([a-z_]+)<\/code>/)?.[1] ?? null;
}
