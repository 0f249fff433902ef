import { addLti1p1Claim } from "./lti11-migration";
import {
  selectDevLmsResourceLink,
  selectOptionalDevLmsLaunch,
  selectOptionalDevLmsTool,
  updateDevLmsLaunchAuthorized,
} from "@/lib/models/dev-lms";
import { launchClaims } from "./claims";
import { signAsPlatform } from "./keys";
import { lineItemForLink } from "./launch";
import { findPerson } from "./people";
import type { PlatformUrls } from "./platform";

/**
 * The platform's OIDC authorization endpoint for LTI (Security Framework 1.0 §5.1.1.2–5.1.1.3, OpenID Connect Core
 * §3.1.2 with response_mode=form_post): checks the tool's authentication request and answers with a signed id_token.
 */

/** Refused before the redirect_uri is trusted: shown as a page, never sent anywhere (OIDC Core §3.1.2.6). */
export class AuthPageError extends Error {}

export type AuthResult =
  | { kind: "id_token"; redirectUri: string; fields: { id_token: string; state: string }; claims: Record<string, unknown> }
  | { kind: "error"; redirectUri: string; fields: { error: string; error_description: string; state?: string } };

const LAUNCH_TTL_MS = 10 * 60 * 1000;

export async function authorize(params: URLSearchParams, urls: PlatformUrls): Promise<AuthResult> {
  const get = (k: string) => params.get(k) ?? "";
  const clientId = get("client_id");
  const tool = clientId ? await selectOptionalDevLmsTool({ clientId }) : null;
  if (!tool) throw new AuthPageError(`Unknown client_id "${clientId}".`);
  const redirectUri = get("redirect_uri");
  // The redirect_uri must be one the tool registered, exactly; otherwise the id_token could be sent anywhere.
  if (!tool.redirectUris.includes(redirectUri)) throw new AuthPageError(`redirect_uri "${redirectUri}" is not registered for this tool.`);

  const state = params.get("state") ?? undefined;
  const fail = (error: string, description: string): AuthResult => ({
    kind: "error",
    redirectUri,
    fields: { error, error_description: description, ...(state !== undefined && { state }) },
  });
  if (get("response_type") !== "id_token") return fail("unsupported_response_type", "response_type must be id_token.");
  if (get("response_mode") !== "form_post") return fail("invalid_request", "response_mode must be form_post.");
  if (!get("scope").split(" ").includes("openid")) return fail("invalid_scope", "scope must include openid.");
  if (get("prompt") !== "none") return fail("invalid_request", "prompt must be none.");
  if (!get("nonce")) return fail("invalid_request", "nonce is required.");
  if (!state) return fail("invalid_request", "state is required.");

  const launch = await selectOptionalDevLmsLaunch({ unsafeLaunchId: get("lti_message_hint") });
  if (!launch || launch.clientId !== tool.clientId) return fail("invalid_request", "lti_message_hint does not name a launch of this tool.");
  if (launch.authorizedAt) return fail("invalid_request", "This launch was already used; start a new one.");
  if (Date.now() - launch.createdAt.getTime() > LAUNCH_TTL_MS) return fail("invalid_request", "This launch has expired.");
  const person = findPerson(launch.person)!;
  if (get("login_hint") !== person.userId) return fail("login_required", "login_hint does not match the user who launched.");

  const link = launch.resourceLinkId
    ? await selectDevLmsResourceLink({ clientId: tool.clientId, unsafeResourceLinkId: launch.resourceLinkId })
    : null;
  const claims = launchClaims({ launch, tool, person, urls, nonce: get("nonce"), link, lineItem: await lineItemForLink(launch) });
  await addLti1p1Claim(claims, launch, person);
  const idToken = await signAsPlatform(claims, 300);
  await updateDevLmsLaunchAuthorized({ launchId: launch.id, claims });
  return { kind: "id_token", redirectUri, fields: { id_token: idToken, state }, claims };
}
