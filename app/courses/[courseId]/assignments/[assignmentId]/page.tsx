import Link from "next/link";
import { z } from "zod";
import { LocalTime } from "@/components/local-time";
import { Shell } from "@/components/shell";
import { StudentEditor } from "@/components/editor/student-editor";
import { ResearchConsentLink } from "@/components/research/consent-link";
import { page } from "@/lib/auth/page";
import { ALL_ROLES, isStaffRole } from "@/lib/auth/roles";
import { renderMarkdown } from "@/lib/markdown";
import { runtimeManifest } from "@/lib/python-runtime";
import { selectAssignmentWithOwnSubmission } from "@/lib/models/assignments";
import { selectOwnCodeComments } from "@/lib/models/code-comments";
import { toStudentAssignment } from "@/lib/submissions/shapes";
import { loadStudentWork } from "@/lib/submissions/work";
import type { CourseAuthz } from "@/lib/auth/authz";
import type { Assignment } from "@/lib/models/assignments";
import { NotebookStaff } from "./_components/notebook-staff";
import { NotebookStudent } from "./_components/notebook-student";

export const dynamic = "force-dynamic";

/** The page students live in: instructions beside (or, below 1024 px, above) the editor. Reads only; never writes. */
export default page(
  { access: { courseRoles: ALL_ROLES }, params: z.object({ assignmentId: z.string() }) },
  async function AssignmentPage({ authz, params }) {
    // The student's allowance (extension, accommodation) comes in the same statement as the assignment and their work.
    const { assignment, submission, allowance } = await selectAssignmentWithOwnSubmission({ authz, unsafeAssignmentId: params.assignmentId });
    if (assignment.kind === "notebook") return <NotebookAssignment authz={authz} assignment={assignment} score={submission?.score ?? null} />;
    const [work, comments] = await Promise.all([
      // With a submission, the work's dates are the allowance's: not read again.
      loadStudentWork({ assignment, submission, dates: submission ? Promise.resolve(allowance.dates) : undefined }),
      // Comments are made on a saved version's file (insertCodeComment): before the first save there are none.
      submission && submission.currentVersion > 0 ? selectOwnCodeComments({ authz, submission }) : [],
    ]);
    const dueAt = submission ? (work.dueAt ? new Date(work.dueAt) : null) : allowance.dates.dueAt;
    const lockAt = submission ? (work.lockAt ? new Date(work.lockAt) : null) : allowance.dates.lockAt;
    const student = toStudentAssignment(assignment);
    const staff = isStaffRole(authz.role);
    const crumbs = [
      { href: "/courses", label: "Courses" },
      { href: `/courses/${authz.course.id}`, label: authz.course.title },
      { label: assignment.title },
    ];
    if (!staff && assignment.opensAt && assignment.opensAt > new Date()) {
      return (
        <Shell crumbs={crumbs}>
          <h1 className="text-xl font-semibold">{assignment.title}</h1>
          <p className="mt-2 text-slate-700">
            This assignment opens <LocalTime iso={assignment.opensAt.toISOString()} />.
          </p>
        </Shell>
      );
    }
    return (
      <Shell crumbs={crumbs}>
        <h1 className="text-xl font-semibold">{assignment.title}</h1>
        <p className="mt-1 text-sm text-slate-700">
          {assignment.points} points
          {dueAt && (
            <>
              {" · due "}
              <LocalTime iso={dueAt.toISOString()} />
            </>
          )}
          {lockAt && (
            <>
              {" · closes "}
              <LocalTime iso={lockAt.toISOString()} />
            </>
          )}{" "}
          · {student.latePolicy}
          {allowance.attemptLimit !== null && ` · ${work.attempts} of ${allowance.attemptLimit} submissions used`}
          {allowance.extended && " · extended for you by your instructor"}
        </p>
        {staff && (
          <p className="mt-2 text-sm">
            <Link href={`/courses/${authz.course.id}/assignments/${assignment.id}/edit`} className="text-lantern-700 underline">
              Edit this assignment
            </Link>
          </p>
        )}
        {assignment.gradedBy === "staff" && (
          <p className="mt-2 rounded bg-slate-100 px-3 py-2 text-sm text-slate-800">
            {work.status === "submitted" ? "Submitted. Your instructor will grade it; there is no automatic score." : "Graded by your instructor: there is no automatic score."}
          </p>
        )}
        {assignment.archivedAt && (
          <p className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">This assignment is archived: you can read your work, but not change or submit it.</p>
        )}
        <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <section aria-labelledby="instructions-heading" className="min-w-0">
            <h2 id="instructions-heading" className="text-base font-semibold">
              Instructions
            </h2>
            <article
              className="prose-lantern mt-2 max-w-3xl"
              // Sanitized in lib/markdown: no scripts, handlers or iframes; links open outside the LMS frame.
              dangerouslySetInnerHTML={{ __html: renderMarkdown(assignment.instructions) }}
            />
          </section>
          <StudentEditor
            assignment={student}
            initialWork={work}
            userId={authz.session.effectiveUser.id}
            readOnly={authz.viewingAs || assignment.archivedAt !== null}
            comments={comments.map((c) => ({ ...c, html: renderMarkdown(c.body) }))}
            runtime={runtimeManifest()}
          />
        </div>
        <ResearchConsentLink courseId={authz.course.id} />
      </Shell>
    );
  },
);

/** A notebook (nbgrader) assignment: its work lives in Jupyter, so staff see the exchange and students how to use it. */
function NotebookAssignment({ authz, assignment, score }: { authz: CourseAuthz; assignment: Assignment; score: number | null }) {
  const staff = isStaffRole(authz.role);
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: assignment.title },
      ]}
    >
      <h1 className="text-xl font-semibold">{assignment.title}</h1>
      <p className="mt-1 text-sm text-slate-700">
        Jupyter notebook assignment (nbgrader) · {assignment.points} points
        {/* A student's own due date (the LMS's or an extension's) is in their status below. */}
        {staff && assignment.dueAt && (
          <>
            {" · due "}
            <LocalTime iso={assignment.dueAt.toISOString()} />
          </>
        )}
      </p>
      {assignment.instructions && (
        <article
          className="prose-lantern mt-3 max-w-3xl"
          // Sanitized in lib/markdown: no scripts, handlers or iframes; links open outside the LMS frame.
          dangerouslySetInnerHTML={{ __html: renderMarkdown(assignment.instructions) }}
        />
      )}
      {staff ? <NotebookStaff authz={authz} assignment={assignment} /> : <NotebookStudent authz={authz} assignment={assignment} score={score} />}
    </Shell>
  );
}
