import { Shell } from "@/components/shell";
import { requireCourseRole } from "@/lib/auth/authz";
import { forPage } from "@/lib/auth/page";
import { ALL_ROLES } from "@/lib/auth/roles";
import { formatDate } from "@/lib/format";
import { renderMarkdown } from "@/lib/markdown";
import { selectAssignment } from "@/lib/models/assignments";

export const dynamic = "force-dynamic";

export default async function AssignmentPage({
  params,
}: {
  params: Promise<{ courseId: string; assignmentId: string }>;
}) {
  const { courseId, assignmentId } = await params;
  const authz = await forPage(requireCourseRole({ unsafeCourseId: courseId, roles: ALL_ROLES }));
  const assignment = await forPage(selectAssignment({ authz, unsafeAssignmentId: assignmentId }));
  return (
    <Shell
      crumbs={[
        { href: "/courses", label: "Courses" },
        { href: `/courses/${authz.course.id}`, label: authz.course.title },
        { label: assignment.title },
      ]}
    >
      <p className="text-sm text-slate-600">
        {assignment.points} points
        {assignment.dueAt && ` · due ${formatDate(assignment.dueAt)}`}
        {assignment.lockAt && ` · closes ${formatDate(assignment.lockAt)}`}
      </p>
      <article
        className="prose-lantern mt-3 max-w-3xl"
        // Sanitized in lib/markdown: no scripts, handlers or iframes; links open outside the LMS frame.
        dangerouslySetInnerHTML={{ __html: renderMarkdown(assignment.instructions) }}
      />
      {assignment.starterFiles.length > 0 && (
        <section className="mt-6" aria-labelledby="starter-heading">
          <h2 id="starter-heading" className="text-base font-semibold">
            Starter code
          </h2>
          {assignment.starterFiles.map((file) => (
            <figure key={file.name} className="mt-2">
              <figcaption className="text-sm font-medium text-slate-700">{file.name}</figcaption>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-3 text-sm">
                <code>{file.content}</code>
              </pre>
            </figure>
          ))}
        </section>
      )}
    </Shell>
  );
}
