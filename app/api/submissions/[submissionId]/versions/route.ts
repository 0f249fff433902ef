import { handler } from "@/lib/auth/handler";
import { selectSubmissionVersions } from "@/lib/models/submissions";
import { requireOwnWork } from "@/lib/submissions/work";
import { submissionParams } from "../../schema";

export const dynamic = "force-dynamic";

/** The version history of the caller's submission, newest first. */
export const GET = handler({ access: { user: true }, params: submissionParams }, async ({ params, session }) => {
  const { submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
  const versions = await selectSubmissionVersions({ submission });
  return { versions: versions.map((v) => ({ ...v, savedAt: v.savedAt.toISOString(), clientSavedAt: v.clientSavedAt?.toISOString() ?? null })) };
});
