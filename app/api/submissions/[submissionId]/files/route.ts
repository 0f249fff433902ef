import { handler } from "@/lib/auth/handler";
import { insertSubmissionVersion, saveOwnWork } from "@/lib/models/submissions";
import { requireOwnWork } from "@/lib/submissions/work";
import { assertFilesSize, FILES_BODY_BYTES, saveBody, submissionParams } from "../../schema";

export const dynamic = "force-dynamic";

/** Autosave (and restore): stores the files as the next version unless they equal the current one. */
export const PUT = handler(
  { access: { user: true }, params: submissionParams, body: saveBody, maxBodyBytes: FILES_BODY_BYTES },
  async ({ params, body, session }) => {
    assertFilesSize(body.files);
    const save = { files: body.files, kind: body.kind, clientSavedAt: body.clientSavedAt };
    // The usual save: checked and written in one statement. Anything else (a refusal, unchanged files, viewing as a
    // student) takes the checked path, which answers with the precise 404 or 403.
    const fast = await saveOwnWork({ session, unsafeSubmissionId: params.submissionId, ...save });
    if (fast) return { version: fast.version, savedAt: fast.savedAt.toISOString(), unchanged: false };
    const { authz, submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
    const saved = await insertSubmissionVersion({ authz, submission, ...save });
    return { version: saved.version, savedAt: saved.savedAt.toISOString(), unchanged: saved.unchanged };
  },
);
