import {
  selectOptionalDeployment,
  selectOptionalPlatform,
  selectOptionalPlatformById,
  selectPlatformsByIssuer,
  type LtiDeployment,
  type LtiPlatform,
} from "@/lib/models/lti-platforms";

/**
 * Short in-process caches for the registry lookups every login and launch makes. Only hits are cached, so a new
 * registration or deployment works at once; an edit (new endpoints) or a deactivation takes effect within TTL_MS in
 * every server process (the CLI and admin pages run elsewhere and cannot clear these caches).
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;

type Entry<T> = { value: T; at: number };
const platforms = new Map<string, Entry<LtiPlatform>>();
const platformsById = new Map<string, Entry<LtiPlatform>>();
const deployments = new Map<string, Entry<LtiDeployment>>();

function cached<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
  const hit = map.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  map.delete(key);
  return undefined;
}

function remember<T>(map: Map<string, Entry<T>>, key: string, value: T): T {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, { value, at: Date.now() });
  return value;
}

/** The platform registered under (issuer, client id); without a client id, the issuer's only registration. */
export async function findPlatform(issuer: string, clientId: string | undefined): Promise<LtiPlatform[]> {
  const key = `${issuer}\n${clientId ?? ""}`;
  const hit = cached(platforms, key);
  if (hit) return [hit];
  const found = (
    clientId ? [await selectOptionalPlatform({ issuer, clientId })].filter((p) => p !== null) : await selectPlatformsByIssuer({ issuer })
  ).filter((p) => p.ltiVersion === "1.3"); // an LTI 1.1 consumer key has no OIDC login

  if (found.length === 1) remember(platforms, key, found[0]);
  return found;
}

/** The platform with this id, or null. */
export async function findPlatformById(platformId: string): Promise<LtiPlatform | null> {
  const hit = cached(platformsById, platformId);
  if (hit) return hit;
  const found = await selectOptionalPlatformById({ platformId });
  return found ? remember(platformsById, platformId, found) : null;
}

/** The platform's registered deployment with this id, or null. */
export async function findDeployment(platformId: string, deploymentId: string): Promise<LtiDeployment | null> {
  const key = `${platformId}\n${deploymentId}`;
  const hit = cached(deployments, key);
  if (hit) return hit;
  const found = await selectOptionalDeployment({ platformId, deploymentId });
  return found ? remember(deployments, key, found) : null;
}

/** Forget cached registry rows (after registration edits in this process, and in tests). */
export function clearRegistryCache(): void {
  platforms.clear();
  platformsById.clear();
  deployments.clear();
}
