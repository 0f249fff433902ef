"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { mayRequest, requireExportRight, requireJobAccess } from "@/lib/exports/access";
import { auditExport } from "@/lib/exports/audit";
import { EXPORT_KINDS, exportParamsSchema } from "@/lib/exports/params";
import { requestExport } from "@/lib/exports/request";
import { wakeExportRunner } from "@/lib/exports/runner";
import { badRequest } from "@/lib/errors";
import { parse } from "@/lib/http";
import { retryExportJob, selectExportJob, type ExportKind } from "@/lib/models/export-jobs";
import { ensureResearchProject } from "@/lib/models/research";

const KINDS = Object.keys(EXPORT_KINDS) as [ExportKind, ...ExportKind[]];

// Checkbox groups arrive as assignment_<id>=on and role_<role>=on (the action wrapper reads single values).
const requestSchema = z.looseObject({
  courseId: z.string(),
  kind: z.enum(KINDS, { message: "Choose what to export." }),
  audience: z.enum(["staff", "research"]).default("staff"),
  from: z.string().optional(),
  to: z.string().optional(),
  includeTestStudents: z.string().optional(),
  code: z.string().optional(),
  project: z.string().trim().max(100).optional(),
  returnTo: z.enum(["course", "research"]).default("course"),
});

/** Queues an export for the signed-in user, within their rights in the course (404 otherwise). */
export const requestExportAction = action({ access: { user: true }, schema: requestSchema }, async (input, { session }) => {
  const { course, right } = await requireExportRight({ session: session, unsafeCourseId: input.courseId });
  const audience = input.kind === "progsnap2" || right === "researcher" ? "research" : input.audience;
  if (!mayRequest(right, input.kind, audience)) throw badRequest(`${EXPORT_KINDS[input.kind].label} is not available ${audience === "research" ? "de-identified" : "with names"}.`);
  const pick = (prefix: string) => Object.keys(input).filter((k) => k.startsWith(prefix) && input[k] === "on").map((k) => k.slice(prefix.length));
  const assignments = pick("assignment_");
  const project = input.project && audience === "research" ? await ensureResearchProject({ ownerUserId: session.user.id, name: input.project }) : null;
  const params = parse(
    exportParamsSchema,
    {
      assignmentIds: assignments.length ? assignments : null,
      from: input.from || null,
      to: input.to || null,
      roles: pick("role_").length ? pick("role_") : ["student"],
      includeTestStudents: input.includeTestStudents === "on",
      code: input.code || "none",
      projectId: project?.id ?? null,
    },
    "export options",
  );
  const job = await requestExport({ kind: input.kind, audience, courseId: course.id, requestedByUserId: session.user.id, params });
  await auditExport({ session: session, job, action: "export.requested" });
  redirect(input.returnTo === "research" ? `/research?job=${job.id}` : `/courses/${course.id}/exports?job=${job.id}`);
});

/** Puts a failed export back in the queue. */
export const retryExportAction = action({ access: { user: true }, schema: z.object({ jobId: z.string() }) }, async (input, { session }) => {
  const job = await selectExportJob({ unsafeJobId: input.jobId });
  await requireJobAccess({ session: session, job });
  if (!(await retryExportJob({ job }))) return { message: "Only a failed export can be retried." };
  wakeExportRunner();
  revalidatePath(job.audience === "research" ? "/research" : `/courses/${job.courseId}/exports`);
  return { ok: true, message: "Queued again." };
});
