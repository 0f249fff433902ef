import { z } from "zod";
import { parse } from "@/lib/http";
import { MEDIA, pagingLinks, pagingQuery } from "./ags";
import { contextInfo } from "./context";
import { selectDevLmsRosterChanges } from "@/lib/models/dev-lms";
import { roster, type Person } from "./people";
import { platformUrls, requestOrigin } from "./platform";
import { SCOPES } from "./scopes";
import { serviceCall } from "./service";

/** Names and Role Provisioning Services 2.0 (https://www.imsglobal.org/spec/lti-nrps/v2p0): the memberships container. */

const query = z.object({ ...pagingQuery, role: z.string().max(500).optional(), rlid: z.string().max(255).optional() });

/** §2.3.1: a role filter is a full role URI or a context role's short name such as "Learner". */
function hasRole(person: Person, role: string): boolean {
  return person.roles.some((r) => r === role || r.endsWith(`#${role}`));
}

/** The member entry (§2.4.1): name and email only when the LMS shares them. */
export function memberJson(p: Person, status: "Active" | "Inactive" | "Deleted" = "Active") {
  return {
    status,
    user_id: p.userId,
    roles: p.roles,
    ...(p.name && { name: p.name }),
    ...(p.givenName && { given_name: p.givenName }),
    ...(p.familyName && { family_name: p.familyName }),
    ...(p.email && { email: p.email }),
    lis_person_sourcedid: `sis-${p.userId}`,
  };
}

/** The most members one page holds whatever `limit` asks (Canvas caps its pages too), so paging is always exercised. */
export const MAX_PAGE_SIZE = 10;

/**
 * A course's roster after its changes (lib/models/dev-lms.ts): removed members are left out, the rest carry their
 * status. `rlid` (§3.2, members of one resource link) lists the whole course: every link is open to everyone here.
 */
async function courseRoster(contextId: string) {
  const changes = new Map((await selectDevLmsRosterChanges({ contextId })).map((c) => [c.userId, c.status]));
  return roster()
    .map((person) => ({ person, status: changes.get(person.userId) ?? "Active" }))
    .filter((m): m is { person: Person; status: "Active" | "Inactive" | "Deleted" } => m.status !== "removed");
}

/** GET memberships with `role` filter and `limit` paging (Link rel="next"). Not subject to failure injection. */
export function getMemberships(req: Request, contextId: string) {
  return serviceCall(
    req,
    { service: "nrps.memberships.get", contextId, anyScope: [SCOPES.membershipsReadonly], injectFaults: false },
    async () => {
      const q = parse(query, Object.fromEntries(new URL(req.url).searchParams), "query");
      const everyone = (await courseRoster(contextId)).filter((m) => (q.role ? hasRole(m.person, q.role) : true));
      const limit = Math.min(q.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
      const offset = q.offset ?? 0;
      const urls = platformUrls(requestOrigin(req));
      const body = {
        id: urls.memberships(contextId),
        context: contextInfo(contextId),
        members: everyone.slice(offset, offset + limit).map((m) => memberJson(m.person, m.status)),
      };
      return new Response(JSON.stringify(body), {
        headers: {
          "Content-Type": MEDIA.membershipContainer,
          Link: pagingLinks(req, { limit, offset, hasMore: everyone.length > offset + limit }),
        },
      });
    },
  );
}
