import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectCourseSubmission } from "@/lib/models/staff-work";
import { selectSubmissionVersionFiles } from "@/lib/models/submissions";

export const dynamic = "force-dynamic";

/** The files of one saved version of a student's work, for staff (replay and comments). */
export const GET = handler(
  {
    access: { courseRoles: STAFF_ROLES },
    params: z.object({ courseId: z.string(), submissionId: z.string(), version: z.coerce.number().int().min(1).max(1_000_000) }),
  },
  async ({ authz, params }) => {
    const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: params.submissionId });
    return { version: params.version, files: await selectSubmissionVersionFiles({ submission, version: params.version }) };
  },
);
