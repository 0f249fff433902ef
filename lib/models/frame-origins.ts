import { sql } from "drizzle-orm";
import { db } from "@/db";
import { rows } from "@/db/migrate";

/**
 * The origins of every address an active LMS platform is known by, for frame-ancestors and form-action
 * (lib/security-headers): its issuer and OIDC authorization endpoint (LTI 1.3), and the service addresses its signed
 * launches carried — AGS and NRPS endpoints, open Deep Linking return URLs, LTI 1.1 outcome services — and the
 * return and instance URLs of LTI 1.1 launches (lib/lti11/launch-origins.ts). Canvas Cloud
 * issues as canvas.instructure.com but frames Lantern from the school's own host, which its service URLs name.
 */
export async function selectLmsOrigins(): Promise<string[]> {
  const origin = (column: ReturnType<typeof sql>) => sql`substring(${column} from '^[A-Za-z]+://[^/?#]+')`;
  const result = await db().execute<{ origin: string | null }>(sql`
    with active as (select id from lti_platforms where active)
    select ${origin(sql`p.issuer`)} as origin from lti_platforms p where p.active and p.lti_version = '1.3'
    union select ${origin(sql`p.auth_login_url`)} from lti_platforms p where p.active and p.lti_version = '1.3'
    union select ${origin(sql`c.nrps_url`)} from lti_contexts c where c.platform_id in (select id from active)
    union select ${origin(sql`c.ags->>'lineitems'`)} from lti_contexts c where c.platform_id in (select id from active)
    union select ${origin(sql`d.return_url`)} from lti_deep_link_requests d
      where d.platform_id in (select id from active) and d.expires_at > now()
    union select unnest(c.launch_origins) from lti11_consumers c where c.platform_id in (select id from active)
    union select ${origin(sql`t.service_url`)} from lti11_outcome_targets t
      join lti_resource_links r on r.id = t.resource_link_row_id
      join lti_deployments dep on dep.id = r.deployment_row_id
      where dep.platform_id in (select id from active)`);
  return rows<{ origin: string | null }>(result).flatMap((r) => (r.origin ? [r.origin] : []));
}
