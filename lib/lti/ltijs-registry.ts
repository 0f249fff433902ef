import type { LtijsAuthConfig, LtijsGetPlatform, LtijsPlatform, LtijsPlatformClass } from "ltijs";
import { env } from "@/lib/env";
import type { LtiPlatform } from "@/lib/models/lti-platforms";
import { getLtijs } from "./ltijs";
import { findPlatform } from "./registry-cache";
import { currentToolKid } from "./tool-keys";

/**
 * Lantern's platform registry (the `lti_platforms` table, which courses, users and deployments reference) seen
 * through ltijs' registry contract: `getPlatform(iss, clientId)` answers ltijs `Platform` objects, so ltijs' token
 * validation, access tokens and services run on Lantern's rows. Differences from ltijs' own registry:
 * - every platform signs with Lantern's current rotating tool key (lib/lti/tool-keys.ts), not a per-platform key;
 * - "active" is the registry's column (ltijs counts a platform with no status row as active);
 * - the client assertion `aud` is the token endpoint URL: Canvas refuses the bare authorization-server host
 *   (ltijs sends `authorizationServer` when set), Moodle accepts both;
 * - `platformId()` is the registry row id.
 */
export async function ltijsPlatform(row: LtiPlatform, authConfig?: LtijsAuthConfig): Promise<LtijsPlatform> {
  const { Platform, plugin } = await getLtijs();
  const kid = await currentToolKid();
  const platform = new (lanternPlatformClass(Platform))(
    row.name,
    row.issuer,
    row.clientId,
    row.authLoginUrl,
    row.authTokenUrl,
    row.authTokenUrl,
    kid,
    env().KEY_ENCRYPTION_SECRET,
    authConfig ?? { method: "JWK_SET", key: row.jwksUrl },
    plugin,
  );
  registryRows.set(platform, row);
  return platform;
}

const registryRows = new WeakMap<LtijsPlatform, LtiPlatform>();
let lanternPlatform: { base: LtijsPlatformClass; subclass: LtijsPlatformClass } | undefined;

/** ltijs' Platform with activation and id read from the registry row it was built from. */
function lanternPlatformClass(base: LtijsPlatformClass): LtijsPlatformClass {
  if (lanternPlatform?.base === base) return lanternPlatform.subclass;
  class LanternPlatform extends base {
    async platformActive(active?: boolean): Promise<boolean> {
      if (active !== undefined) throw new Error("Platform activation is managed in Lantern's registry.");
      return registryRows.get(this)!.active;
    }
    async platformId(): Promise<string> {
      return registryRows.get(this)!.id;
    }
  }
  lanternPlatform = { base, subclass: LanternPlatform };
  return LanternPlatform;
}

/** ltijs' getPlatform contract over Lantern's registry (services call it with the idtoken's iss and clientId). */
export const getRegisteredPlatform: LtijsGetPlatform = async (iss, clientId) => {
  if (!clientId) return false;
  const [row] = await findPlatform(iss, clientId);
  return row ? ltijsPlatform(row) : false;
};
