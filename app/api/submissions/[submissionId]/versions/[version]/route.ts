import { handler } from "@/lib/auth/handler";
import { selectSubmissionVersionFiles } from "@/lib/models/submissions";
import { requireOwnWork } from "@/lib/submissions/work";
import { versionParams } from "../../../schema";

export const dynamic = "force-dynamic";

/** The files of one saved version (the editor restores it by saving them as a new version). */
export const GET = handler({ access: { user: true }, params: versionParams }, async ({ params, session }) => {
  const { submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
  return { version: params.version, files: await selectSubmissionVersionFiles({ submission, version: params.version }) };
});
