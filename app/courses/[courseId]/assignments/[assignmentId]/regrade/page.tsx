import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { CourseNav } from "@/components/course-nav";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectStaffAssignment } from "@/lib/models/assignment-authoring";
import { regradeAction } from "./actions";
import { RegradeProgress } from "./_components/regrade-progress";

export const dynamic = "force-dynamic";

export default page(
  {
    access: { courseRoles: STAFF_ROLES },
    params: z.object({ assignmentId: z.string() }),
    searchParams: z.object({ since: z.iso.datetime().optional(), queued: z.coerce.number().int().min(0).optional() }).catch({}),
  },
  async function RegradePage({ authz, params, searchParams }) {
    const assignment = await selectStaffAssignment({ authz, unsafeAssignmentId: params.assignmentId });
    // Regrading runs the autograder; a notebook assignment is graded in nbgrader.
    if (assignment.kind === "notebook") redirect(`/courses/${authz.course.id}/assignments/${assignment.id}`);
    const c = authz.course;
    const base = `/courses/${c.id}/assignments/${assignment.id}`;
    return (
      <Shell crumbs={[{ href: "/courses", label: "Courses" }, { href: `/courses/${c.id}`, label: c.title }, { href: `${base}/edit`, label: assignment.title }, { label: "Regrade" }]}>
        <h1 className="text-xl font-semibold">Regrade: {assignment.title}</h1>
        <CourseNav courseId={c.id} />
        <p className="mt-3 max-w-3xl text-sm text-slate-700">
          Runs each student&apos;s latest submission again with the assignment&apos;s current tests, in the background and behind students&apos; live
          submissions. Changed grades go to the LMS. A grade that staff set by hand stays: the override wins, and the new autograder result is recorded
          beside it.
        </p>
        {assignment.gradedBy === "staff" ? (
          <p className="mt-3 text-sm text-slate-700">
            This assignment is graded by staff, so there is nothing to regrade. <Link href={`${base}/edit`} className="text-lantern-700 underline">Add tests</Link> to autograde it.
          </p>
        ) : (
          <form action={regradeAction} className="mt-4">
            <input type="hidden" name="courseId" value={c.id} />
            <input type="hidden" name="assignmentId" value={assignment.id} />
            <button type="submit" className="rounded bg-lantern-700 px-4 py-2 text-sm font-medium text-white hover:bg-lantern-600">
              Regrade all students&apos; latest submissions
            </button>
          </form>
        )}
        {searchParams.since &&
          (searchParams.queued === 0 ? (
            <p role="status" className="mt-3 text-sm text-slate-700">
              Nothing to regrade: no student has submitted (or a regrade is already running).
            </p>
          ) : (
            <RegradeProgress url={`/api/courses/${c.id}/assignments/${assignment.id}/regrade?since=${encodeURIComponent(searchParams.since)}`} />
          ))}
      </Shell>
    );
  },
);
