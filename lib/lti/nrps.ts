import { z } from "zod";
import { withoutNulls } from "./claims";
import { findPlatformById } from "./registry-cache";
import type { FetchLike } from "./ltijs-http";
import { callLtijs, ltijsIdToken, type LtijsCallFailure } from "./ltijs-services";

const member = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(500)).max(100).default([]),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
  name: z.string().max(1000).optional(),
  given_name: z.string().max(1000).optional(),
  family_name: z.string().max(1000).optional(),
  email: z.string().max(320).optional(),
});
const container = z.object({ members: z.array(member), next: z.string().optional(), differences: z.string().optional() });

export type NrpsMember = z.infer<typeof member>;

export class NrpsError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Members asked for per page; the LMS may send fewer (Canvas caps pages at 50) and says so with rel="next". */
export const NRPS_PAGE_SIZE = 100;

export type NrpsPage = { members: NrpsMember[]; nextUrl: string | null; differencesUrl: string | null };

/**
 * One page of a context's memberships over ltijs' NamesAndRoles service (NRPS 2.0 §2.4,
 * https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type). Without `pageUrl` this is the
 * first page of `membershipsUrl` (scoped to one resource link with `rlid`, §3.2, when given); with it, the page a
 * `rel="next"` link named. Throws NrpsError with the LMS's status.
 */
export async function nrpsMembersPage(
  {
    platformId,
    membershipsUrl,
    pageUrl,
    role,
    rlid,
  }: { platformId: string; membershipsUrl: string; pageUrl?: string | null; role?: string; rlid?: string },
  fetchImpl?: FetchLike,
): Promise<NrpsPage> {
  const platform = await findPlatformById(platformId);
  if (!platform) throw new Error(`LTI platform ${platformId} is not registered.`);
  const idtoken = ltijsIdToken(platform, {
    namesRoles: { context_memberships_url: membershipsUrl },
    ...(rlid && { resource: { id: rlid } }),
  });
  const options = pageUrl ? { url: pageUrl, pages: 1 } : { role, limit: NRPS_PAGE_SIZE, pages: 1, resourceLinkId: !!rlid };
  const result = await callLtijs(platform, ({ namesAndRoles }) => namesAndRoles.getMembers(idtoken, options), { fetch: fetchImpl });
  if (!result.ok) throw nrpsError(result.failure);
  // Null means absent here as in launch claims: Canvas sends `"email": null` for members it does not share.
  const parsed = container.safeParse(withoutNulls(result.value));
  if (!parsed.success) throw new NrpsError(502, "The LMS sent an unreadable membership list.");
  return { members: parsed.data.members, nextUrl: parsed.data.next ?? null, differencesUrl: parsed.data.differences ?? null };
}

function nrpsError(failure: LtijsCallFailure): NrpsError {
  switch (failure.kind) {
    case "http":
      return new NrpsError(
        failure.status,
        failure.tokenEndpoint
          ? `The LMS refused an access token (${failure.status}): ${failure.body.slice(0, 300)}`
          : `The LMS refused the membership request (${failure.status}).`,
      );
    case "network":
    case "inactive":
      return new NrpsError(null, failure.message);
    case "unreadable":
      return new NrpsError(
        502,
        failure.tokenEndpoint ? "The LMS token endpoint answered with something that is not a token." : "The LMS sent an unreadable membership list.",
      );
  }
}

/**
 * Every member of a context, following `rel="next"` pages up to `maxPages` (NRPS 2.0 §2.4.2); `onPage` sees each
 * page as it arrives (progress). Also returns the `differences` link for the next incremental sync when offered.
 */
export async function nrpsMembers(
  {
    platformId,
    membershipsUrl,
    role,
    rlid,
    maxPages = 100,
    onPage,
  }: { platformId: string; membershipsUrl: string; role?: string; rlid?: string; maxPages?: number; onPage?: (page: NrpsPage, index: number) => Promise<void> },
  fetchImpl?: FetchLike,
): Promise<{ members: NrpsMember[]; differencesUrl: string | null; complete: boolean }> {
  const members: NrpsMember[] = [];
  let differencesUrl: string | null = null;
  let pageUrl: string | null = null;
  for (let index = 0; index < maxPages; index++) {
    const page = await nrpsMembersPage({ platformId, membershipsUrl, pageUrl, role, rlid }, fetchImpl);
    members.push(...page.members);
    differencesUrl = page.differencesUrl ?? differencesUrl;
    await onPage?.(page, index);
    pageUrl = page.nextUrl;
    if (!pageUrl) return { members, differencesUrl, complete: true };
  }
  return { members, differencesUrl, complete: false };
}
