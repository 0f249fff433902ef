import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyOptions, type JWTPayload } from "jose";
import type { DevLmsTool } from "@/lib/models/dev-lms";

// One remote keyset per URL per process: jose caches the keys and refetches on an unknown kid.
const remote = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keysetFor(tool: DevLmsTool) {
  if (tool.jwks) return createLocalJWKSet(tool.jwks as Parameters<typeof createLocalJWKSet>[0]);
  if (!tool.jwksUri) throw new Error("The tool has neither a JWKS URL nor a public keyset.");
  let set = remote.get(tool.jwksUri);
  if (!set) {
    set = createRemoteJWKSet(new URL(tool.jwksUri), { timeoutDuration: 5000, cooldownDuration: 0 });
    remote.set(tool.jwksUri, set);
  }
  return set;
}

/** Verifies a JWT the tool signed (client assertion, Deep Linking response) against the tool's keyset; RS256 only. */
export async function verifyToolJwt(tool: DevLmsTool, jwt: string, options: JWTVerifyOptions): Promise<JWTPayload> {
  const { payload } = await jwtVerify(jwt, keysetFor(tool), { algorithms: ["RS256"], ...options });
  return payload;
}
