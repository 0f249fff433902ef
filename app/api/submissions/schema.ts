import { z } from "zod";
import { payloadTooLarge } from "@/lib/errors";
import { filesBytes, filesSchema, MAX_FILES_BYTES } from "@/lib/grading/spec";
import type { StarterFile } from "@/lib/grading/types";
import { clientTimeSchema } from "@/lib/storable";

export const submissionParams = z.object({ submissionId: z.string().max(100) });
/** PostgreSQL's `integer` (int4) range: a larger number in a path would be a 500 from the database, not a 404. */
export const MAX_INT4 = 2 ** 31 - 1;
export const versionParams = submissionParams.extend({
  version: z.coerce.number().int("No such version.").min(1, "No such version.").max(MAX_INT4, "No such version."),
});

export const ensureBody = z.object({ courseId: z.string().max(100), assignmentId: z.string().max(100) });

export const saveBody = z.object({
  files: filesSchema,
  clientSavedAt: clientTimeSchema.nullable().default(null),
  kind: z.enum(["autosave", "restore"]).default("autosave"),
});
export const submitBody = saveBody.omit({ kind: true });

/** JSON escaping can double the size of code, so the body limit is twice the code limit plus room for the rest. */
export const FILES_BODY_BYTES = 2 * MAX_FILES_BYTES + 16 * 1024;

/** Refuses code over the size limit with a 413 the editor can show. */
export function assertFilesSize(files: StarterFile[]): void {
  if (filesBytes(files) > MAX_FILES_BYTES) {
    throw payloadTooLarge(`Your files are larger than ${MAX_FILES_BYTES / 1024} KB, so they were not saved.`);
  }
}
