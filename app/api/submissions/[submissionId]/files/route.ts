import { handler } from "@/lib/auth/handler";
import { insertSubmissionVersion } from "@/lib/models/submissions";
import { requireOwnWork } from "@/lib/submissions/work";
import { assertFilesSize, FILES_BODY_BYTES, saveBody, submissionParams } from "../../schema";

export const dynamic = "force-dynamic";

/** Autosave (and restore): stores the files as the next version unless they equal the current one. */
export const PUT = handler(
  { access: { user: true }, params: submissionParams, body: saveBody, maxBodyBytes: FILES_BODY_BYTES },
  async ({ params, body, session }) => {
    assertFilesSize(body.files);
    const { authz, submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
    const saved = await insertSubmissionVersion({
      authz,
      submission,
      files: body.files,
      kind: body.kind,
      clientSavedAt: body.clientSavedAt,
    });
    return { version: saved.version, savedAt: saved.savedAt.toISOString(), unchanged: saved.unchanged };
  },
);
