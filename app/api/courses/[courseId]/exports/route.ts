import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { mayRequest, requireExportRight } from "@/lib/exports/access";
import { auditExport } from "@/lib/exports/audit";
import { EXPORT_KINDS, exportParamsSchema } from "@/lib/exports/params";
import { requestExport } from "@/lib/exports/request";
import { badRequest } from "@/lib/errors";
import { selectExportJobViews, type ExportKind } from "@/lib/models/export-jobs";

export const dynamic = "force-dynamic";

const KINDS = Object.keys(EXPORT_KINDS) as [ExportKind, ...ExportKind[]];
const body = z.object({ kind: z.enum(KINDS), audience: z.enum(["staff", "research"]).default("staff"), params: z.unknown().optional() });

/**
 * Requests an export for scripts (the browser uses the exports page): 202 with the job, then poll
 * GET /api/exports/{id} and download from /api/exports/{id}/download. Same rights as the page.
 */
export const POST = handler({ access: { user: true }, params: z.object({ courseId: z.string() }), body }, async ({ session, params, body }) => {
  const { course, right } = await requireExportRight({ session, unsafeCourseId: params.courseId });
  const audience = body.kind === "progsnap2" || right === "researcher" ? "research" : body.audience;
  if (!mayRequest(right, body.kind, audience)) throw badRequest(`${EXPORT_KINDS[body.kind].label} is not available ${audience === "research" ? "de-identified" : "with names"}.`);
  const exportParams = exportParamsSchema.safeParse(body.params ?? {});
  if (!exportParams.success) throw badRequest(`Invalid export options: ${exportParams.error.issues[0].message}`);
  const job = await requestExport({ kind: body.kind, audience, courseId: course.id, requestedByUserId: session.user.id, params: exportParams.data });
  await auditExport({ session, job, action: "export.requested" });
  return Response.json({ id: job.id, kind: job.kind, audience: job.audience, status: job.status, statusUrl: `/api/exports/${job.id}`, downloadUrl: `/api/exports/${job.id}/download` }, { status: 202 });
});

/** The course's exports the caller may see (staff: all of the course's; researchers: their own). */
export const GET = handler({ access: { user: true }, params: z.object({ courseId: z.string() }) }, async ({ session, params }) => {
  const { course, right } = await requireExportRight({ session, unsafeCourseId: params.courseId });
  const jobs = await selectExportJobViews({ courseId: course.id, requestedByUserId: right === "researcher" ? session.user.id : undefined });
  return { jobs: jobs.filter((j) => right !== "researcher" || j.audience === "research") };
});
