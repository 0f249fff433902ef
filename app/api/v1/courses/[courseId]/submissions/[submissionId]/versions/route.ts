import { apiRoute } from "@/lib/api/v1/contract";
import { listVersions } from "@/lib/api/v1/routes";
import { selectCourseSubmission } from "@/lib/models/course-submissions";
import { selectSubmissionVersions } from "@/lib/models/submissions";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listVersions, async ({ authz, params }) => {
  const submission = await selectCourseSubmission({ authz, unsafeSubmissionId: params.submissionId });
  const versions = await selectSubmissionVersions({ submission, limit: 1000 });
  return {
    items: versions.map((v) => ({ ...v, savedAt: v.savedAt.toISOString(), clientSavedAt: v.clientSavedAt?.toISOString() ?? null })),
  };
});
