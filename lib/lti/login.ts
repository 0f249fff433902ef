import { env } from "@/lib/env";
import { insertLoginState } from "@/lib/models/lti-launches";
import type { LtiPlatform } from "@/lib/models/lti-platforms";
import { LOGIN_TTL_MS, randomToken, sha256, stateCookie, storageKey } from "./binding";
import { readLtiParams } from "./form";
import { findDeployment, findPlatform } from "./registry-cache";
import { scriptPage, scriptJson } from "./html";
import { LaunchRefusal, refusalResponse } from "./refusal";
import { lanternUrl } from "./tool-config";

/** The parameters of an OIDC third-party login initiation we pass through or keep for a relaunch. */
const KEPT = ["iss", "login_hint", "target_link_uri", "client_id", "lti_message_hint", "lti_deployment_id"] as const;

/** Lantern's redirect URI (the only one we register). */
export function launchUrl(): string {
  return `${env().APP_URL}/lti/launch`;
}

async function platformFor(iss: string, clientId: string | undefined): Promise<LtiPlatform> {
  const platforms = await findPlatform(iss, clientId);
  if (platforms.length === 1) return platforms[0];
  if (clientId) throw new LaunchRefusal("unknown_platform", `No registration for issuer ${iss} with client id ${clientId}.`);
  throw new LaunchRefusal(
    "unknown_platform",
    platforms.length === 0
      ? `No registration for issuer ${iss}.`
      : `Issuer ${iss} has several registrations and the LMS sent no client_id.`,
  );
}

/**
 * OIDC third-party login initiation, GET or POST (1EdTech Security Framework §5.1.1.1,
 * https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login). Stores state + nonce, binds
 * the state to the browser, and sends the browser to the platform's authorization endpoint.
 */
export async function handleLogin(req: Request): Promise<Response> {
  try {
    const params = await readLtiParams(req);
    for (const name of ["iss", "login_hint", "target_link_uri"] as const) {
      if (!params[name] || params[name].length > 2048) {
        throw new LaunchRefusal("malformed_request", `The login initiation has no valid ${name} parameter.`);
      }
    }
    if (!lanternUrl(params.target_link_uri)) {
      throw new LaunchRefusal("bad_target", `target_link_uri ${params.target_link_uri} is not a Lantern address.`);
    }
    const platform = await platformFor(params.iss, params.client_id);
    if (!platform.active) throw new LaunchRefusal("platform_inactive", `Registration ${platform.name} is inactive.`);
    // LTI Core 1.3 §4.1.2: the platform may name the deployment already at login; refuse an unknown one before the
    // user goes through the LMS round trip (the launch checks the signed claim again).
    if (params.lti_deployment_id && !(await findDeployment(platform.id, params.lti_deployment_id))) {
      throw new LaunchRefusal("deployment_unknown", `Deployment ${params.lti_deployment_id} is not registered for ${platform.issuer}.`);
    }

    const state = randomToken();
    const nonce = randomToken();
    const binding = randomToken();
    const storageTarget = params.lti_storage_target?.slice(0, 200) || null;
    const loginParams: Record<string, string> = {};
    for (const name of KEPT) if (params[name]) loginParams[name] = params[name];
    await insertLoginState({
      values: {
        stateHash: sha256(state),
        nonce,
        bindingHash: sha256(binding),
        platformId: platform.id,
        storageTarget,
        loginParams,
        expiresAt: new Date(Date.now() + LOGIN_TTL_MS),
      },
    });

    // Authentication request (Security Framework §5.1.1.2; LTI Core 1.3 §4.1 https://www.imsglobal.org/spec/lti/v1p3#additional-login-parameters).
    const auth = new URL(platform.authLoginUrl);
    const query = {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: platform.clientId,
      redirect_uri: launchUrl(),
      login_hint: params.login_hint,
      state,
      nonce,
      ...(params.lti_message_hint && { lti_message_hint: params.lti_message_hint }),
    };
    for (const [k, v] of Object.entries(query)) auth.searchParams.set(k, v);

    const setCookie = stateCookie(state, binding);
    if (!storageTarget) {
      return new Response(null, {
        status: 302,
        headers: { location: auth.toString(), "set-cookie": setCookie, "cache-control": "no-store" },
      });
    }
    return storagePutPage({
      target: storageTarget,
      platformOrigin: auth.origin,
      key: storageKey(state),
      value: binding,
      next: auth.toString(),
      setCookie,
    });
  } catch (error) {
    if (error instanceof LaunchRefusal) return refusalResponse(error, { step: "login" });
    throw error;
  }
}

/**
 * The platform offered client-side storage (lti_storage_target): keep the binding secret there too, so the launch
 * can prove the browser even when third-party cookies are blocked. 1EdTech "LTI Client Side postMessages" and
 * "Platform Storage" (https://www.imsglobal.org/spec/lti-cs-pm/v0p1, https://www.imsglobal.org/spec/lti-pm-s/v0p1).
 */
async function storagePutPage(p: {
  target: string;
  platformOrigin: string;
  key: string;
  value: string;
  next: string;
  setCookie: string;
}): Promise<Response> {
  const config = scriptJson({ target: p.target, origin: p.platformOrigin, key: p.key, value: p.value, next: p.next });
  return scriptPage({
    title: "Connecting to Lantern…",
    body: `<p>Connecting to Lantern…</p>`,
    headers: { "set-cookie": p.setCookie },
    script: `(function(){var c=${config};var done=false;function go(){if(!done){done=true;location.replace(c.next);}}
try{var t=c.target==="_parent"?window.parent:window.parent.frames[c.target];var id="put-"+Math.random().toString(36).slice(2);
window.addEventListener("message",function(e){if(e.origin===c.origin&&e.data&&e.data.message_id===id)go();});
t.postMessage({subject:"lti.put_data",message_id:id,key:c.key,value:c.value},c.origin);}catch(e){}
setTimeout(go,2000);})();`,
  });
}
