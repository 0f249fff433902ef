import type { LtijsDeepLinking, LtijsGrade, LtijsIdToken, LtijsNamesAndRoles } from "ltijs";
import { z } from "zod";
import { env } from "@/lib/env";
import type { LtiPlatform } from "@/lib/models/lti-platforms";
import { getLtijs } from "./ltijs";
import { LtijsHttpError, LtijsRequestError, withLtijsHttp, type FetchLike, type LtijsHttpResponse } from "./ltijs-http";
import { getRegisteredPlatform } from "./ltijs-registry";

export type LtiServices = { grade: LtijsGrade; namesAndRoles: LtijsNamesAndRoles; deepLinking: LtijsDeepLinking };

let services: Promise<LtiServices> | undefined;

/**
 * ltijs' Grade (AGS), NamesAndRoles (NRPS) and DeepLinking services, bound to Lantern's registry
 * (lib/lti/ltijs-registry.ts) and the Postgres plugin. One set per process.
 */
export function ltiServices(): Promise<LtiServices> {
  services ??= getLtijs()
    .then(({ Grade, NamesAndRoles, DeepLinking, plugin }) => {
      const key = env().KEY_ENCRYPTION_SECRET;
      return {
        grade: new Grade(getRegisteredPlatform, key, plugin),
        namesAndRoles: new NamesAndRoles(getRegisteredPlatform, key, plugin),
        deepLinking: new DeepLinking(getRegisteredPlatform, key, plugin),
      };
    })
    .catch((error) => {
      services = undefined;
      throw error;
    });
  return services;
}

/**
 * Drops the access tokens ltijs cached for a platform (after the LMS answered 401: revoked or expired early; ltijs
 * reuses a token until `expires_in` has fully passed, with no margin).
 */
export async function forgetAccessTokens(platform: { issuer: string; clientId: string }): Promise<void> {
  const { plugin } = await getLtijs();
  await plugin.Delete("accesstoken", { platformUrl: platform.issuer, clientId: platform.clientId });
}

/** The ltijs "idtoken" object its services read (research notes §1.8): the platform and the launch's endpoints. */
export function ltijsIdToken(
  platform: { issuer: string; clientId: string },
  platformContext: LtijsIdToken["platformContext"] = {},
): LtijsIdToken {
  return { iss: platform.issuer, clientId: platform.clientId, platformContext };
}

/** How an ltijs service call failed, in LMS terms; `tokenEndpoint` says whether the access-token request failed. */
export type LtijsCallFailure =
  | { kind: "http"; tokenEndpoint: boolean; status: number; headers: Record<string, string>; body: string }
  | { kind: "network"; tokenEndpoint: boolean; message: string }
  | { kind: "unreadable"; tokenEndpoint: boolean }
  | { kind: "inactive"; tokenEndpoint: false; message: string };

const tokenResponse = z.object({ access_token: z.string().min(1), token_type: z.string().min(1) });

/**
 * Runs ltijs service calls for one platform (through `fetch` when given, e.g. in tests) and covers what ltijs leaves
 * to the caller:
 * - after a 401 from the service, the platform's cached tokens are dropped and the call runs once more (ltijs reuses
 *   a token until `expires_in` has fully elapsed, so one revoked or expired early keeps failing);
 * - a token response without a token is not kept (ltijs caches whatever JSON the token endpoint answers);
 * - failures are classified (HTTP status and body, network, unreadable answer, inactive platform) instead of
 *   surfacing as got-shaped errors, TypeErrors and SyntaxErrors from inside ltijs.
 * Anything else (the database, Lantern bugs) is thrown.
 */
export async function callLtijs<T>(
  platform: LtiPlatform,
  run: (services: LtiServices) => Promise<T>,
  { fetch }: { fetch?: FetchLike } = {},
): Promise<{ ok: true; value: T } | { ok: false; failure: LtijsCallFailure }> {
  if (!platform.active) return { ok: false, failure: inactive };
  const services = await ltiServices();
  const tokenUrl = normalized(platform.authTokenUrl);
  for (let attempt = 0; ; attempt++) {
    let lastOk: LtijsHttpResponse | undefined;
    let badToken = false;
    const onResponse = (_request: unknown, response: LtijsHttpResponse) => {
      if (response.statusCode < 200 || response.statusCode > 299) return;
      lastOk = response;
      if (response.url === tokenUrl && !tokenResponse.safeParse(parseJson(response.body)).success) badToken = true;
    };
    try {
      const value = await withLtijsHttp(fetch ? { fetch, onResponse } : { onResponse }, () => run(services));
      if (badToken) await forgetAccessTokens(platform);
      return { ok: true, value };
    } catch (error) {
      if (badToken) {
        await forgetAccessTokens(platform);
        return { ok: false, failure: { kind: "unreadable", tokenEndpoint: true } };
      }
      if (error instanceof LtijsHttpError) {
        const { statusCode: status, headers, body, url } = error.response;
        const tokenEndpoint = url === tokenUrl;
        if (status === 401 && !tokenEndpoint && attempt === 0) {
          await forgetAccessTokens(platform);
          continue;
        }
        return { ok: false, failure: { kind: "http", tokenEndpoint, status, headers, body } };
      }
      if (error instanceof LtijsRequestError) {
        return { ok: false, failure: { kind: "network", tokenEndpoint: error.url === tokenUrl, message: error.message } };
      }
      const message = (error as Error)?.message;
      if (message === "PLATFORM_NOT_ACTIVATED" || message === "PLATFORM_NOT_FOUND") return { ok: false, failure: inactive };
      // ltijs parses 2xx answers without checking them (JSON.parse, `.members` of a page, `.token_type` of a token).
      if (lastOk && (error instanceof SyntaxError || error instanceof TypeError || /not JSON/.test(message ?? ""))) {
        return { ok: false, failure: { kind: "unreadable", tokenEndpoint: lastOk.url === tokenUrl } };
      }
      throw error;
    }
  }
}

const inactive: LtijsCallFailure = {
  kind: "inactive",
  tokenEndpoint: false,
  message: "This LMS registration is deactivated in Lantern; nothing is sent to it until an administrator reactivates it.",
};

function normalized(url: string): string {
  try {
    return new URL(url).toString();
  } catch {
    return url;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
