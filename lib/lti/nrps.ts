import { z } from "zod";
import { withoutNulls } from "./claims";
import { findPlatformById } from "./registry-cache";
import type { FetchLike } from "./ltijs-http";
import { callLtijs, ltijsIdToken } from "./ltijs-services";

const member = z.object({
  user_id: z.string().min(1),
  roles: z.array(z.string()).default([]),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
});
const container = z.object({ members: z.array(member), differences: z.string().optional() });

export type NrpsMember = z.infer<typeof member>;

export class NrpsError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every member of a context over ltijs' NamesAndRoles service, following `rel="next"` pages up to `maxPages` (NRPS 2.0
 * §2.4.2, https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter); also returns the `differences` link
 * for the next incremental sync when the platform offers one. Throws NrpsError with the LMS's status.
 */
export async function nrpsMembers(
  { platformId, membershipsUrl, role, maxPages = 100 }: { platformId: string; membershipsUrl: string; role?: string; maxPages?: number },
  fetchImpl?: FetchLike,
): Promise<{ members: NrpsMember[]; differencesUrl: string | null }> {
  const platform = await findPlatformById(platformId);
  if (!platform) throw new Error(`LTI platform ${platformId} is not registered.`);
  const idtoken = ltijsIdToken(platform, { namesRoles: { context_memberships_url: membershipsUrl } });
  const result = await callLtijs(platform, ({ namesAndRoles }) => namesAndRoles.getMembers(idtoken, { role, pages: maxPages }), {
    fetch: fetchImpl,
  });
  if (!result.ok) {
    const { failure } = result;
    switch (failure.kind) {
      case "http":
        throw new NrpsError(
          failure.status,
          failure.tokenEndpoint
            ? `The LMS refused an access token (${failure.status}): ${failure.body.slice(0, 300)}`
            : `The LMS refused the membership request (${failure.status}).`,
        );
      case "network":
      case "inactive":
        throw new NrpsError(null, failure.message);
      case "unreadable":
        throw new NrpsError(
          502,
          failure.tokenEndpoint ? "The LMS token endpoint answered with something that is not a token." : "The LMS sent an unreadable membership list.",
        );
    }
  }
  // Null means absent here as in launch claims: Canvas sends `"email": null` for members it does not share.
  const parsed = container.safeParse(withoutNulls(result.value));
  if (!parsed.success) throw new NrpsError(502, "The LMS sent an unreadable membership list.");
  return { members: parsed.data.members, differencesUrl: parsed.data.differences ?? null };
}
