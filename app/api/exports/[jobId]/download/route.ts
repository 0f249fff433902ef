import { responseBody } from "@/lib/web-stream";
import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { requireJobAccess } from "@/lib/exports/access";
import { auditExport } from "@/lib/exports/audit";
import { HttpError } from "@/lib/errors";
import { selectExportJob } from "@/lib/models/export-jobs";
import { attachment, signedDownloadRedirect, storage, StorageNotFoundError } from "@/lib/storage";

export const dynamic = "force-dynamic";

/**
 * Streams a finished export to someone allowed to see it (requester, course staff for staff exports, admins) until
 * it expires (EXPORT_TTL_HOURS); afterwards 410 Gone. Never cached; the SHA-256 goes out as Repr-Digest (RFC 9530).
 * On S3 a large export is a 302 to a signed bucket URL instead (lib/storage signedDownloadRedirect).
 */
export const GET = handler({ access: { user: true }, downloadLink: true, params: z.object({ jobId: z.string() }) }, async ({ session, params }) => {
  const job = await selectExportJob({ unsafeJobId: params.jobId });
  await requireJobAccess({ session: session, job });
  if (job.status !== "done") throw new HttpError(409, "not_ready", "This export is not finished.");
  if (!job.resultKey || (job.expiresAt && job.expiresAt <= new Date())) throw new HttpError(410, "expired", "This export has expired; request it again.");
  const filename = job.resultFilename ?? "export";
  const contentType = job.resultContentType ?? "application/octet-stream";
  const stored = await storage().stat(job.resultKey);
  if (!stored) throw new HttpError(410, "expired", "This export is no longer stored; request it again.");
  // Large exports come straight from the bucket (a short-lived signed URL), authorized above like any other.
  const redirect = await signedDownloadRedirect(stored, { filename, contentType });
  if (redirect) {
    await auditExport({ session: session, job, action: "export.downloaded" });
    return redirect;
  }
  let opened;
  try {
    opened = await storage().openRead(job.resultKey);
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw new HttpError(410, "expired", "This export is no longer stored; request it again.");
    throw error;
  }
  await auditExport({ session: session, job, action: "export.downloaded" });
  return new Response(responseBody(opened.body), {
    headers: {
      "content-type": contentType,
      "content-length": String(opened.object.bytes),
      "content-disposition": attachment(filename),
      "cache-control": "private, no-store",
      "repr-digest": `sha-256=:${Buffer.from(opened.object.sha256, "hex").toString("base64")}:`,
      "x-content-type-options": "nosniff",
    },
  });
});
