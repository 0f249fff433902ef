import type { Session } from "@/lib/auth/session";
import { log } from "@/lib/log";
import type { ExportJob } from "@/lib/models/export-jobs";

/**
 * Records an export request or download. Until the admin issue's audit log (lib/models/audit-log.ts) is on main,
 * the record is a structured log line with ids only (no names or emails).
 */
export async function auditExport({ session, job, action }: { session: Session; job: ExportJob; action: "export.requested" | "export.downloaded" }): Promise<void> {
  log.info("audit", { action, actorUserId: session.user.id, courseId: job.courseId, jobId: job.id, kind: job.kind, audience: job.audience });
}
