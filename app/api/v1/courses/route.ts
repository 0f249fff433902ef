import { afterIdFrom, apiRoute, idCursor } from "@/lib/api/v1/contract";
import { listCourses } from "@/lib/api/v1/routes";
import { courseShape } from "@/lib/api/v1/shapes";
import { selectCoursesPageForUser } from "@/lib/models/course-submissions";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listCourses, async ({ session, query }) => {
  const rows = await selectCoursesPageForUser({ userId: session.user.id, afterId: afterIdFrom(query.cursor), limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  return { items: items.map((r) => courseShape(r.course, r.role)), nextCursor: idCursor(items.at(-1)?.course.id, rows.length > query.limit) };
});
