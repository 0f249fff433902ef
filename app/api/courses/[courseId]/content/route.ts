import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { writeCourseContent } from "@/lib/content/format";
import { zipTree } from "@/lib/content/zip";
import { notFound } from "@/lib/errors";
import { selectCourseContent } from "@/lib/models/course-content";

export const dynamic = "force-dynamic";

/** Downloads the course's content (or one assignment's, `?assignment=<slug>`) as a zip of lantern-course/1 files. */
export const GET = handler(
  { access: { courseRoles: STAFF_ROLES }, downloadLink: true, params: z.object({ courseId: z.string() }), query: z.object({ assignment: z.string().max(128).optional() }) },
  async ({ authz, query }) => {
    const content = await selectCourseContent({ authz: authz });
    let name = authz.course.code || authz.course.title;
    if (query.assignment) {
      const one = content.assignments.find((a) => a.slug === query.assignment);
      if (!one) throw notFound("No such assignment.");
      content.assignments = [one];
      content.groups = content.groups.filter((g) => g.assignments.includes(one.slug)).map((g) => ({ ...g, assignments: [one.slug] }));
      content.ungrouped = content.ungrouped.filter((s) => s === one.slug);
      name = `${name} ${one.slug}`;
    }
    const file = `${name.replace(/[^A-Za-z0-9 _-]+/g, "").trim().replace(/\s+/g, "-") || "course"}.zip`;
    return new Response(Buffer.from(zipTree(writeCourseContent(content))), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${file}"`,
        "cache-control": "no-store",
      },
    });
  },
);
