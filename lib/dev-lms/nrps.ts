import { z } from "zod";
import { parse } from "@/lib/http";
import { MEDIA, pagingLinks, pagingQuery } from "./ags";
import { contextInfo } from "./context";
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
export function memberJson(p: Person) {
  return {
    status: "Active",
    user_id: p.userId,
    roles: p.roles,
    ...(p.name && { name: p.name }),
    ...(p.givenName && { given_name: p.givenName }),
    ...(p.familyName && { family_name: p.familyName }),
    ...(p.email && { email: p.email }),
    lis_person_sourcedid: `sis-${p.userId}`,
  };
}

/** GET memberships with `role` filter and `limit` paging (Link rel="next"). Not subject to failure injection. */
export function getMemberships(req: Request, contextId: string) {
  return serviceCall(
    req,
    { service: "nrps.memberships.get", contextId, anyScope: [SCOPES.membershipsReadonly], injectFaults: false },
    async () => {
      const q = parse(query, Object.fromEntries(new URL(req.url).searchParams), "query");
      const everyone = roster().filter((p) => (q.role ? hasRole(p, q.role) : true));
      const limit = q.limit ?? 100;
      const offset = q.offset ?? 0;
      const urls = platformUrls(requestOrigin(req));
      const body = {
        id: urls.memberships(contextId),
        context: contextInfo(contextId),
        members: everyone.slice(offset, offset + limit).map(memberJson),
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
