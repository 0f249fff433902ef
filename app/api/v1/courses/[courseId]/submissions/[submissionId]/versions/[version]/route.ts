import { apiRoute } from "@/lib/api/v1/contract";
import { getVersion } from "@/lib/api/v1/routes";
import { selectCourseSubmission } from "@/lib/models/course-submissions";
import { selectSubmissionVersionFiles } from "@/lib/models/submissions";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getVersion, async ({ authz, params }) => {
  const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: params.submissionId });
  return { version: params.version, files: await selectSubmissionVersionFiles({ submission, version: params.version }) };
});
