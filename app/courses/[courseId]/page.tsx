import { z } from "zod";
import { CourseNav } from "@/components/course-nav";
import { ResourceImported } from "@/components/lti/resource-imported";
import { Shell } from "@/components/shell";
import type { CourseAuthz } from "@/lib/auth/authz";
import { courseSections, type Section as CourseSection } from "@/lib/assignments/sections";
import { page } from "@/lib/auth/page";
import { ALL_ROLES, isStaffRole } from "@/lib/auth/roles";
import { selectStaffAssignment } from "@/lib/models/assignment-authoring";
import { selectAssignmentGroups, selectAssignments, type Assignment } from "@/lib/models/assignments";
import { selectCourseSyncProblems } from "@/lib/models/grade-sync";
import { selectOwnAssignmentStates } from "@/lib/models/student-course";
import { StaffCourse } from "./_components/staff-course";
import { StudentCourse } from "./_components/student-course";

export const dynamic = "force-dynamic";

const query = z.object({ deleted: z.string().optional(), copied: z.string().optional(), imported: z.string().optional() }).catch({});
type Query = z.infer<typeof query>;
type Section = CourseSection<Assignment>;

/** The course home: staff manage assignments (StaffCourse), students see theirs with their state (StudentCourse). */
export default page({ access: { courseRoles: ALL_ROLES }, searchParams: query }, async function CoursePage({ authz, searchParams }) {
  const staff = isStaffRole(authz.role) && !authz.viewingAs;
  const [groups, assignments] = await Promise.all([selectAssignmentGroups({ authz }), selectAssignments({ authz, includeArchived: staff })]);
  const sections = courseSections(groups, assignments);

  return (
    <Shell crumbs={[{ href: "/courses", label: "Courses" }, { label: authz.course.title }]}>
      <h1 className="text-xl font-semibold">{authz.course.title}</h1>
      {authz.course.code && <p className="text-sm text-slate-600">{authz.course.code}</p>}
      {staff ? (
        <StaffPart authz={authz} sections={sections} query={searchParams} />
      ) : (
        <StudentCourse authz={authz} sections={sections} states={await selectOwnAssignmentStates({ authz, assignments })} />
      )}
    </Shell>
  );
});

async function StaffPart({ authz, sections, query }: { authz: CourseAuthz; sections: Section[]; query: Query }) {
  const failedGrades = (await selectCourseSyncProblems({ authz })).reduce((n, p) => n + p.failed, 0);
  const deleted = query.deleted ? await selectStaffAssignment({ authz, unsafeAssignmentId: query.deleted, includeDeleted: true }).catch(() => null) : null;
  const copied = Number(query.copied);
  const notice = copied > 0 ? `Copied ${copied} assignment${copied === 1 ? "" : "s"} as drafts.` : query.imported ? "Content imported." : null;
  return (
    <>
      <CourseNav
        courseId={authz.course.id}
        current="assignments"
        badges={failedGrades > 0 ? { "grade-sync": `${failedGrades} grade${failedGrades === 1 ? "" : "s"} did not reach the LMS` } : {}}
      />
      <StaffCourse authz={authz} sections={sections} deleted={deleted?.deletedAt ? deleted : null} notice={notice} />
      {(copied > 0 || query.imported) && <ResourceImported />}
    </>
  );
}
