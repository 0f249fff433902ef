// Typings for the parts of ltijs 5.9.9 Lantern uses (the package ships none; @types/ltijs is 4.x). Module names end
// in .js because ltijs has no `exports` map and Node's ESM loader wants the file name.
declare module "ltijs" {
  type Doc = Record<string, unknown>;

  /** `key` is a URL (JWK_SET), a JWK (JWK_KEY), or a PEM / node KeyObject (RSA_KEY: handed to jsonwebtoken as is). */
  export type LtijsAuthConfig = { method: "JWK_SET" | "JWK_KEY" | "RSA_KEY"; key: string | import("node:crypto").KeyObject };
  export type LtijsAccessToken = { access_token: string; token_type: string; expires_in?: number; scope?: string };

  export interface LtijsPlatform {
    platformName(): Promise<string>;
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformKid(): Promise<string>;
    platformId(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    platformAuthConfig(): Promise<LtijsAuthConfig>;
    platformAuthEndpoint(): Promise<string>;
    platformAccessTokenEndpoint(): Promise<string>;
    platformAuthorizationServer(): Promise<string>;
    platformPublicKey(): Promise<string>;
    platformPrivateKey(): Promise<string>;
    platformAccessToken(scopes: string): Promise<LtijsAccessToken>;
  }

  export type LtijsPlatformClass = new (
    name: string,
    platformUrl: string,
    clientId: string,
    authenticationEndpoint: string,
    accesstokenEndpoint: string,
    authorizationServer: string | undefined,
    kid: string,
    encryptionKey: string,
    authConfig: LtijsAuthConfig,
    database: LtijsDatabasePlugin,
  ) => LtijsPlatform;

  export interface LtijsDatabasePlugin {
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(key: string | false, collection: string, query?: Doc): Promise<Doc[] | false>;
    Insert(key: string | false, collection: string, item: Doc, index?: Doc): Promise<boolean>;
    Replace(key: string | false, collection: string, query: Doc, item: Doc, index?: Doc): Promise<boolean>;
    Modify(key: string | false, collection: string, query: Doc, modification: Doc): Promise<boolean>;
    Delete(collection: string, query: Doc): Promise<boolean>;
    Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }>;
    Decrypt(data: string, iv: string, secret: string): Promise<string>;
  }

  /** How ltijs services find a platform: (iss, clientId, key, database) → Platform or false. */
  export type LtijsGetPlatform = (
    url: string,
    clientId: string | undefined,
    encryptionKey: string,
    database: LtijsDatabasePlugin,
  ) => Promise<LtijsPlatform | false>;

  export type LtijsPlatformInput = {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: LtijsAuthConfig;
  };

  /** The "idtoken" object ltijs services take (res.locals.token in its Express mode). */
  export type LtijsIdToken = {
    iss: string;
    clientId: string;
    deploymentId?: string;
    user?: string;
    platformContext: {
      endpoint?: { lineitems?: string; lineitem?: string; scope?: string[] };
      namesRoles?: { context_memberships_url: string };
      resource?: { id: string };
      deepLinkingSettings?: { deep_link_return_url: string; accept_types: string[]; accept_multiple?: boolean; data?: string };
    };
  };

  export interface LtijsAuth {
    validateToken(
      token: string,
      devMode: boolean,
      validationParameters: { iss?: string; maxAge: number | false },
      getPlatform: LtijsGetPlatform,
      encryptionKey: string,
      database: LtijsDatabasePlugin,
    ): Promise<Doc & { clientId: string; platformId: string }>;
  }

  export interface LtijsKeyset {
    build(database: LtijsDatabasePlugin, encryptionKey: string): Promise<{ keys: Record<string, string>[] }>;
  }

  export interface LtijsGrade {
    getLineItems(
      idtoken: LtijsIdToken,
      options?: { resourceLinkId?: boolean; resourceId?: string; tag?: string; limit?: number; url?: string },
    ): Promise<{ lineItems: Doc[]; next?: string }>;
    createLineItem(idtoken: LtijsIdToken, lineItem: Doc): Promise<Doc>;
    submitScore(idtoken: LtijsIdToken, lineItemId: string, score: Doc): Promise<Doc>;
  }
  export type LtijsGradeClass = new (getPlatform: LtijsGetPlatform, encryptionKey: string, database: LtijsDatabasePlugin) => LtijsGrade;

  export interface LtijsNamesAndRoles {
    getMembers(
      idtoken: LtijsIdToken,
      options?: { role?: string; limit?: number; pages?: number | false; url?: string; resourceLinkId?: boolean },
    ): Promise<{ members: Doc[]; next?: string; differences?: string }>;
  }
  export type LtijsNamesAndRolesClass = new (
    getPlatform: LtijsGetPlatform,
    encryptionKey: string,
    database: LtijsDatabasePlugin,
  ) => LtijsNamesAndRoles;

  export interface LtijsDeepLinking {
    createDeepLinkingMessage(idtoken: LtijsIdToken, contentItems: Doc[], options?: { message?: string; log?: string }): Promise<string>;
  }
  export type LtijsDeepLinkingClass = new (
    getPlatform: LtijsGetPlatform,
    encryptionKey: string,
    database: LtijsDatabasePlugin,
  ) => LtijsDeepLinking;

  export interface LtijsDynamicRegistration {
    register(openidConfiguration: string, registrationToken?: string, overrides?: Doc): Promise<string>;
  }
  export type LtijsDynamicRegistrationClass = new (
    options: { url: string; name: string; logo?: string; description?: string; autoActivate?: boolean; useDeepLinking?: boolean },
    routes: { appRoute: string; loginRoute: string; keysetRoute: string },
    registerPlatform: (platform: LtijsPlatformInput) => Promise<LtijsPlatform>,
    getPlatform: LtijsGetPlatform,
    encryptionKey: string,
    database: LtijsDatabasePlugin,
  ) => LtijsDynamicRegistration;

  export interface LtijsProvider {
    setup(encryptionKey: string, database: { plugin: LtijsDatabasePlugin }, options?: Doc): LtijsProvider;
    Database: LtijsDatabasePlugin;
    registerPlatform(platform: LtijsPlatformInput): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId?: string): Promise<LtijsPlatform | LtijsPlatform[] | false>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
    getAllPlatforms(): Promise<LtijsPlatform[]>;
  }

  export const Provider: LtijsProvider;
}

declare module "ltijs/dist/Utils/Http.js" {
  const got: unknown;
  export default got;
}
declare module "ltijs/dist/Utils/Auth.js" {
  const Auth: import("ltijs").LtijsAuth;
  export default Auth;
}
declare module "ltijs/dist/Utils/Keyset.js" {
  const Keyset: import("ltijs").LtijsKeyset;
  export default Keyset;
}
declare module "ltijs/dist/Utils/Platform.js" {
  const Platform: import("ltijs").LtijsPlatformClass;
  export default Platform;
}
declare module "ltijs/dist/Utils/Database.js" {
  const Database: { prototype: { Decrypt(data: string, iv: string, secret: string): Promise<string> } };
  export default Database;
}
declare module "ltijs/dist/Provider/Services/Grade.js" {
  const Grade: import("ltijs").LtijsGradeClass;
  export default Grade;
}
declare module "ltijs/dist/Provider/Services/NamesAndRoles.js" {
  const NamesAndRoles: import("ltijs").LtijsNamesAndRolesClass;
  export default NamesAndRoles;
}
declare module "ltijs/dist/Provider/Services/DeepLinking.js" {
  const DeepLinking: import("ltijs").LtijsDeepLinkingClass;
  export default DeepLinking;
}
declare module "ltijs/dist/Provider/Services/DynamicRegistration.js" {
  const DynamicRegistration: import("ltijs").LtijsDynamicRegistrationClass;
  export default DynamicRegistration;
}
