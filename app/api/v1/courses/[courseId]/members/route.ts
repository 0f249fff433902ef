import { apiRoute } from "@/lib/api/v1/contract";
import { listMembers } from "@/lib/api/v1/routes";
import { selectCourseRoster } from "@/lib/models/roster";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listMembers, async ({ authz, query }) => {
  const { entries, total } = await selectCourseRoster({ authz, filters: {}, limit: query.limit, offset: query.offset });
  return { items: entries.map((e) => ({ ...e, lastLaunchAt: e.lastLaunchAt?.toISOString() ?? null })), total };
});
