import type { LtijsDatabasePlugin, LtijsDynamicRegistration, LtijsPlatform, LtijsPlatformInput } from "ltijs";
import { env } from "@/lib/env";
import { updatePlatformActive } from "@/lib/models/lti-platforms";
import { getLtijs } from "./ltijs";
import { canvasDeveloperKeyJson, toolUrls } from "./tool-config";

/**
 * The plugin as ltijs' DynamicRegistration sees it: everything is forwarded except its `platformStatus` insert,
 * which becomes the registry's `active` column (Lantern's registry owns activation; ltijsPlatform() reads it).
 */
function registryDatabase(plugin: LtijsDatabasePlugin): LtijsDatabasePlugin {
  return {
    setup: () => plugin.setup(),
    Close: () => plugin.Close(),
    Get: (key, collection, query) => plugin.Get(key, collection, query),
    Insert: async (key, collection, item, index) => {
      if (collection !== "platformStatus") return plugin.Insert(key, collection, item, index);
      await updatePlatformActive({ platformId: String(item.id), active: item.active === true });
      return true;
    },
    Replace: (key, collection, query, item, index) => plugin.Replace(key, collection, query, item, index),
    Modify: (key, collection, query, modification) => plugin.Modify(key, collection, query, modification),
    Delete: (collection, query) => plugin.Delete(collection, query),
    Encrypt: (data, secret) => plugin.Encrypt(data, secret),
    Decrypt: (data, iv, secret) => plugin.Decrypt(data, iv, secret),
  };
}

/**
 * ltijs' DynamicRegistration with Lantern's name and routes. Its getPlatform always answers "not registered": a
 * re-registration of the same (issuer, client id) updates the registry row instead of failing with
 * PLATFORM_ALREADY_REGISTERED.
 */
export async function ltijsRegistration(
  registerPlatform: (platform: LtijsPlatformInput) => Promise<LtijsPlatform>,
): Promise<LtijsDynamicRegistration> {
  const { DynamicRegistration, plugin } = await getLtijs();
  const urls = toolUrls();
  return new DynamicRegistration(
    { url: env().APP_URL, name: "Lantern", logo: urls.logo, description: canvasDeveloperKeyJson().description, autoActivate: true },
    { appRoute: "/lti/launch", loginRoute: "/lti/login", keysetRoute: "/lti/jwks" },
    registerPlatform,
    async () => false,
    env().KEY_ENCRYPTION_SECRET,
    registryDatabase(plugin),
  );
}
