import { apiRoute } from "@/lib/api/v1/contract";
import { getSubmission } from "@/lib/api/v1/routes";
import { submissionShape } from "@/lib/api/v1/shapes";
import { selectCourseSubmission } from "@/lib/models/course-submissions";
import { selectSubmissionFiles } from "@/lib/models/submissions";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getSubmission, async ({ authz, params }) => {
  const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: params.submissionId });
  return { ...submissionShape(submission), files: await selectSubmissionFiles({ submission }) };
});
