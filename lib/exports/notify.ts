import { systemAuthz } from "@/lib/auth/authz";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send";
import { markExportNotified, selectExportRequester, type ExportJob } from "@/lib/models/export-jobs";
import { EXPORT_KINDS } from "./params";

/** An export is "large" (worth an email, since the requester has probably left the page) past either limit. */
export const EMAIL_AFTER_MS = 30_000;
export const EMAIL_AFTER_BYTES = 50 * 1024 * 1024;

/** Emails the requester once when a large export is ready, with a link to the page that lists it. */
export async function notifyExportReady({ job, elapsedMs }: { job: ExportJob; elapsedMs: number }): Promise<boolean> {
  if (elapsedMs < EMAIL_AFTER_MS && (job.resultBytes ?? 0) < EMAIL_AFTER_BYTES) return false;
  const requester = await selectExportRequester(systemAuthz(), { job });
  if (!requester?.email) return false;
  if (!(await markExportNotified(systemAuthz(), { jobId: job.id }))) return false;
  const page = job.audience === "research" ? `${env().APP_URL}/research` : `${env().APP_URL}/courses/${job.courseId}/exports`;
  const label = EXPORT_KINDS[job.kind].label;
  await sendMail({
    to: requester.email,
    subject: `Your Lantern export is ready: ${label}`,
    text: `Hello${requester.name ? ` ${requester.name}` : ""},\n\nYour ${label} (${job.resultFilename}) is ready. Download it from ${page} before ${job.expiresAt?.toUTCString()}; after that it is deleted.\n\nLantern`,
  });
  return true;
}
