import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { selectCourseSubmission, selectTimelinePage } from "@/lib/models/staff-work";

export const dynamic = "force-dynamic";

/** One page of a student's saved versions with the coding events between them (the replay's timeline). */
export const GET = handler(
  {
    access: { courseRoles: STAFF_ROLES },
    params: z.object({ courseId: z.string(), submissionId: z.string() }),
    query: z.object({ after: z.coerce.number().int().min(0).max(1_000_000).default(0), limit: z.coerce.number().int().min(1).max(500).default(200) }),
  },
  async ({ authz, params, query }) => {
    const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: params.submissionId });
    return selectTimelinePage({ authz, submission, afterVersion: query.after, limit: query.limit });
  },
);
