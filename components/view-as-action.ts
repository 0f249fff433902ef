"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { isUuid } from "@/lib/models/courses";
import { stopViewingAs } from "@/lib/models/view-as";

const stop = z.object({ courseId: z.string().max(100).optional() });

/** "Stop viewing": back to the staff's own view, on the page of the student they were viewing as. */
export const stopViewAsAction = formAction({ access: { user: true }, schema: stop }, async (input, { session, authz }) => {
  const viewed = session.effectiveUser;
  if (viewed.id === session.user.id) redirect("/courses");
  await stopViewingAs({ session });
  const courseId = input.courseId && isUuid(input.courseId) ? input.courseId : null;
  await insertAuditEvent({ authz, action: "view_as.stop", subject: { type: "user", id: viewed.id, courseId }, req: await headers() });
  redirect(courseId ? `/courses/${courseId}/students/${viewed.id}` : "/courses");
});
