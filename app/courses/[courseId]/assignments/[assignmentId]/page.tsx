import { Shell } from "@/components/shell";
import { StudentEditor } from "@/components/editor/student-editor";
import { ResearchConsentLink } from "@/components/research/consent-link";
import { z } from "zod";
import { page } from "@/lib/auth/page";
import { ALL_ROLES } from "@/lib/auth/roles";
import { formatDate } from "@/lib/format";
import { renderMarkdown } from "@/lib/markdown";
import { selectAssignment } from "@/lib/models/assignments";
import { selectOptionalOwnSubmission } from "@/lib/models/submissions";
import { toStudentAssignment } from "@/lib/submissions/shapes";
import { loadStudentWork } from "@/lib/submissions/work";

export const dynamic = "force-dynamic";

/** The page students live in: instructions beside (or, below 1024 px, above) the editor. Reads only; never writes. */
export default page(
  { access: { courseRoles: ALL_ROLES }, params: z.object({ assignmentId: z.string() }) },
  async function AssignmentPage({ authz, params }) {
    const assignment = await selectAssignment({ authz, unsafeAssignmentId: params.assignmentId });
    const submission = await selectOptionalOwnSubmission({ authz, assignment });
    const work = await loadStudentWork({ assignment, submission });
    const dueAt = work.dueAt ? new Date(work.dueAt) : null;
    const lockAt = work.lockAt ? new Date(work.lockAt) : null;
    const student = toStudentAssignment(assignment);
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
          {assignment.points} points
          {dueAt && ` · due ${formatDate(dueAt)}`}
          {lockAt && ` · closes ${formatDate(lockAt)}`} · {student.latePolicy}
        </p>
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
            readOnly={authz.viewingAs}
          />
        </div>
        <ResearchConsentLink courseId={authz.course.id} />
      </Shell>
    );
  },
);
