"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, formAction } from "@/lib/auth/action";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { deleteExtension } from "@/lib/models/extensions";
import { GRANTERS, grantExtensions, grantSchema } from "./grant";

/** The extensions page's form. */
export const grantExtensionAction = action({ access: { courseRoles: GRANTERS }, schema: grantSchema, arrays: ["userIds"] }, async (input, { authz }) =>
  grantExtensions(input, authz),
);

const remove = z.object({ courseId: z.string(), extensionId: z.string().max(100), kind: z.enum(["assignment", "course"]) });

/** Removes one extension or accommodation (audited with what it was). */
export const removeExtensionAction = formAction({ access: { courseRoles: GRANTERS }, schema: remove }, async (input, { authz }) => {
  const entry = await deleteExtension({ authz, unsafeId: input.extensionId, kind: input.kind });
  await insertAuditEvent({
    authz,
    action: "extension.revoke",
    subject: entry.assignmentId ? { type: "assignment", id: entry.assignmentId } : { type: "course", id: authz.course.id },
    before: entry,
    req: await headers(),
  });
  revalidatePath(`/courses/${authz.course.id}/extensions`);
});
