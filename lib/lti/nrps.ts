import { z } from "zod";
import { forgetAccessToken, platformAccessToken, USER_AGENT, type FetchLike } from "./access-token";

/** NRPS 2.0 (https://www.imsglobal.org/spec/lti-nrps/v2p0): scope and media type of the membership container. */
export const SCOPE_MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const CONTAINER_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

const member = z.object({
  user_id: z.string().min(1),
  roles: z.array(z.string()).default([]),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
});
const container = z.object({ members: z.array(member) });

export type NrpsMember = z.infer<typeof member>;

export class NrpsError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** The `rel` target of an RFC 8288 Link header, or null. */
export function linkTarget(header: string | null, rel: string): string | null {
  for (const part of (header ?? "").split(",")) {
    const match = part.match(/<([^>]+)>\s*;(.*)/);
    if (match && new RegExp(`rel\\s*=\\s*"?${rel}"?`, "i").test(match[2])) return match[1];
  }
  return null;
}

/**
 * Every member of a context, following `rel="next"` pages (NRPS 2.0 §2.4.2); also returns the `differences` link
 * for the next incremental sync when the platform offers one.
 */
export async function nrpsMembers(
  { platformId, membershipsUrl, role, maxPages = 100 }: { platformId: string; membershipsUrl: string; role?: string; maxPages?: number },
  fetchImpl: FetchLike = fetch,
): Promise<{ members: NrpsMember[]; differencesUrl: string | null }> {
  const first = new URL(membershipsUrl);
  if (role) first.searchParams.set("role", role);
  const members: NrpsMember[] = [];
  let differencesUrl: string | null = null;
  let next: string | null = first.toString();
  for (let page = 0; next && page < maxPages; page++) {
    const response = await get(platformId, next, fetchImpl);
    const parsed = container.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new NrpsError(502, "The LMS sent an unreadable membership list.");
    members.push(...parsed.data.members);
    differencesUrl = linkTarget(response.headers.get("link"), "differences") ?? differencesUrl;
    next = linkTarget(response.headers.get("link"), "next");
  }
  return { members, differencesUrl };
}

async function get(platformId: string, url: string, fetchImpl: FetchLike): Promise<Response> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await platformAccessToken({ platformId, scopes: [SCOPE_MEMBERSHIPS] }, fetchImpl);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: { accept: CONTAINER_TYPE, authorization: `Bearer ${token}`, "user-agent": USER_AGENT },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new NrpsError(null, `The LMS could not be reached (${(error as Error).message}).`);
    }
    if (response.status === 401 && attempt === 0) {
      forgetAccessToken(platformId);
      continue;
    }
    if (!response.ok) throw new NrpsError(response.status, `The LMS refused the membership request (${response.status}).`);
    return response;
  }
  throw new NrpsError(401, "The LMS rejected Lantern's access token.");
}
