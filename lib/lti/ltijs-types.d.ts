// Minimal typings for the parts of ltijs 5.9.9 Lantern touches (the package ships none; @types/ltijs is 4.x).
declare module "ltijs" {
  type Doc = Record<string, unknown>;

  export interface LtijsPlatform {
    platformName(): Promise<string>;
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformKid(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    platformAuthEndpoint(): Promise<string>;
    platformAccessTokenEndpoint(): Promise<string>;
    platformPublicKey(): Promise<string>;
    platformPrivateKey(): Promise<string>;
  }

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

  export interface LtijsProvider {
    setup(encryptionKey: string, database: { plugin: LtijsDatabasePlugin }, options?: Doc): LtijsProvider;
    Database: LtijsDatabasePlugin;
    registerPlatform(platform: {
      url: string;
      name: string;
      clientId: string;
      authenticationEndpoint: string;
      accesstokenEndpoint: string;
      authorizationServer?: string;
      authConfig: { method: "JWK_SET" | "JWK_KEY" | "RSA_KEY"; key: string };
    }): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId?: string): Promise<LtijsPlatform | LtijsPlatform[] | false>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
    getAllPlatforms(): Promise<LtijsPlatform[]>;
    Grade: unknown;
    NamesAndRoles: unknown;
    DeepLinking: unknown;
    constructor: new () => LtijsProvider;
  }

  export const Provider: LtijsProvider;
}

declare module "ltijs/dist/Utils/Keyset" {
  import type { LtijsDatabasePlugin } from "ltijs";
  export function build(database: LtijsDatabasePlugin, encryptionKey: string): Promise<{ keys: Record<string, string>[] }>;
}

declare module "ltijs/dist/Utils/Database" {
  const Database: { prototype: { Decrypt(data: string, iv: string, secret: string): Promise<string> } };
  export default Database;
}
