"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, type ActionState } from "@/lib/auth/action";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { readCourseContent } from "@/lib/content/parse";
import type { ContentError } from "@/lib/content/yaml-file";
import { MAX_ZIP_BYTES, unzipTree } from "@/lib/content/zip";
import { applyContentImport, planContentImport, type ImportPlan } from "@/lib/models/course-content";

export type ImportResult = { errors?: ContentError[]; plan?: ImportPlan };

const upload = z.object({
  courseId: z.string(),
  intent: z.enum(["preview", "apply"]),
  digest: z.string().max(64).optional(),
  file: z
    .instanceof(File, { message: "Choose a zip file." })
    .refine((f) => f.size > 0, "Choose a zip file.")
    .refine((f) => f.size <= MAX_ZIP_BYTES, `The zip must be under ${MAX_ZIP_BYTES / 1024 / 1024} MiB.`),
});

/**
 * Content import from a zip: `preview` validates everything and shows what would change; `apply` imports it in one
 * transaction, refusing when the course changed since the preview the user saw.
 */
export const importContentAction = action({ access: { courseRoles: STAFF_ROLES }, schema: upload }, async (input, { authz }): Promise<ActionState<ImportResult>> => {
  const tree = unzipTree(new Uint8Array(await input.file.arrayBuffer()));
  const read = readCourseContent(tree);
  if ("errors" in read) return { message: `The files have ${read.errors.length} problem${read.errors.length === 1 ? "" : "s"}; nothing was imported.`, data: { errors: read.errors } };
  if (input.intent === "preview") {
    return { ok: true, data: { plan: await planContentImport({ authz: authz, content: read.content }) } };
  }
  await applyContentImport({ authz: authz, content: read.content, expectedDigest: input.digest });
  revalidatePath(`/courses/${authz.course.id}`);
  redirect(`/courses/${authz.course.id}?imported=1`);
});
