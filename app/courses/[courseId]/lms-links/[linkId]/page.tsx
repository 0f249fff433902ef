import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Shell } from "@/components/shell";
import { z } from "zod";
import { page } from "@/lib/auth/page";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { pickerAssignments } from "@/lib/lti/deep-link-picker";
import { selectOptionalCourseResourceLink } from "@/lib/models/lti-launches";
import { ConnectForms } from "./_components/connect-forms";

export const dynamic = "force-dynamic";

/**
 * Where staff land from an LMS link that was added without Deep Linking (so it names no Lantern assignment):
 * connect it to an assignment once; afterwards every launch of the link opens that assignment.
 */
export default page(
  { access: { courseRoles: STAFF_ROLES }, params: z.object({ linkId: z.string() }) },
  async function ConnectLmsLinkPage({ authz, params }) {
    const link = await selectOptionalCourseResourceLink({ authz, unsafeLinkId: params.linkId });
    if (!link) notFound();
    if (link.assignmentId) redirect(`/courses/${authz.course.id}/assignments/${link.assignmentId}`);
    const assignments = await pickerAssignments(authz);

    return (
      <Shell crumbs={[{ href: `/courses/${authz.course.id}`, label: authz.course.title }, { label: "Connect an LMS link" }]}>
        <h1 className="text-xl font-semibold">Connect this LMS link to an assignment</h1>
        <p className="mt-2 max-w-prose text-slate-700">
          The link {link.title ? <strong>“{link.title}”</strong> : "you opened"} was added in your LMS without choosing Lantern
          content, so it does not open an assignment yet. Students who follow it see the course page until you connect it.
          Choose once: grades from this link go to the assignment you pick.
        </p>
        <ConnectForms courseId={authz.course.id} linkId={link.id} assignments={assignments} />
        <p className="mt-8 text-sm">
          <Link href={`/courses/${authz.course.id}`} className="text-lantern-700 underline">
            Go to the course page instead
          </Link>
        </p>
      </Shell>
    );
  },
);
