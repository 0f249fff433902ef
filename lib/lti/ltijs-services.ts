import type { LtijsDeepLinking, LtijsGrade, LtijsNamesAndRoles } from "ltijs";
import { env } from "@/lib/env";
import { getLtijs } from "./ltijs";
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
