import { and, desc, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { db, schema } from "@/db";
import type { SiteAuthz } from "@/lib/auth/authz";
import { notFound } from "@/lib/errors";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { escapeLike } from "./roster";

const { courses } = schema;

/** A row of the admin course list: the course, the LMSs it is linked from, and how big it is. */
export type CourseListItem = {
  id: string;
  title: string;
  code: string | null;
  createdAt: Date;
  platforms: string[];
  staff: number;
  students: number;
  assignments: number;
};

/** Live courses across every platform, newest first, matching `q` (title or code); one keyset page at a time. */
export async function selectCourseList({
  authz,
  q,
  cursor,
  limit = 50,
}: {
  authz: SiteAuthz;
  q?: string;
  cursor?: string | null;
  limit?: number;
}): Promise<{ items: CourseListItem[]; nextCursor: string | null }> {
  if (!authz.roles.includes("admin")) throw notFound();
  const after = decodeCursor(cursor);
  const where: (SQL | undefined)[] = [
    isNull(courses.deletedAt),
    q ? or(ilike(courses.title, `%${escapeLike(q)}%`), ilike(courses.code, `%${escapeLike(q)}%`)) : undefined,
    after ? sql`(${courses.createdAt}, ${courses.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
  ];
  const rows = await db()
    .select({
      id: courses.id,
      title: courses.title,
      code: courses.code,
      createdAt: courses.createdAt,
      platforms: sql<string[]>`coalesce((select array_agg(distinct p.name order by p.name) from lti_contexts c
        join lti_platforms p on p.id = c.platform_id where c.course_id = "courses"."id"), '{}')`,
      staff: sql<number>`(select count(*)::int from enrollments e where e.course_id = "courses"."id" and e.status = 'active'
        and e.role in ('instructor', 'ta', 'designer'))`,
      students: sql<number>`(select count(*)::int from enrollments e where e.course_id = "courses"."id" and e.status = 'active'
        and e.role = 'student')`,
      assignments: sql<number>`(select count(*)::int from assignments a where a.course_id = "courses"."id" and a.deleted_at is null)`,
    })
    .from(courses)
    .where(and(...where))
    .orderBy(desc(courses.createdAt), desc(courses.id))
    .limit(limit + 1);
  return pageOf(
    rows.map((r) => ({ ...r, staff: Number(r.staff), students: Number(r.students), assignments: Number(r.assignments), platforms: r.platforms ?? [] })),
    limit,
    (r) => r.createdAt,
  );
}
