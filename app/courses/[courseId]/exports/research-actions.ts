"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { log } from "@/lib/log";
import { ensureResearchSettings, insertResearchGrant, revokeResearchGrant, selectOptionalUserByEmail } from "@/lib/models/research";

const page = (courseId: string) => `/courses/${courseId}/exports`;

/** The instructor chooses the consent model (opt-in or opt-out) and what students read. */
export const consentSettingsAction = action(
  {
    access: { courseRoles: ["instructor"] },
    schema: z.object({
      courseId: z.string(),
      consentModel: z.enum(["opt_in", "opt_out"], { message: "Choose opt-in or opt-out." }),
      wording: z.string().trim().min(20, "Tell students in at least a sentence what the research is.").max(4000),
    }),
  },
  async (input, { authz }) => {
    await ensureResearchSettings({ authz: authz, consentModel: input.consentModel, wording: input.wording });
    log.info("audit", { action: "research.consent_settings", actorUserId: authz.session.user.id, courseId: authz.course.id, model: input.consentModel });
    revalidatePath(page(authz.course.id));
    return { ok: true, message: "Saved." };
  },
);

/** Grants or revokes a named researcher's access to this course's de-identified exports. */
export const researchAccessAction = action(
  {
    access: { courseRoles: ["instructor"] },
    schema: z.object({ courseId: z.string(), intent: z.enum(["grant", "revoke"]), email: z.string().trim().optional(), grantId: z.string().optional() }),
  },
  async (input, { authz }) => {
    if (input.intent === "revoke") {
      const grant = await revokeResearchGrant({ authz: authz, unsafeGrantId: input.grantId ?? "" });
      log.info("audit", { action: "research.access_revoked", actorUserId: authz.session.user.id, courseId: authz.course.id, researcherUserId: grant.researcherUserId });
      revalidatePath(page(authz.course.id));
      return { ok: true, message: "Access revoked." };
    }
    const email = z.email().safeParse(input.email);
    if (!email.success) return { fieldErrors: { email: ["Enter the researcher's email address."] }, values: { email: input.email ?? "" } };
    const researcher = await selectOptionalUserByEmail({ email: email.data });
    if (!researcher) return { fieldErrors: { email: ["No Lantern user has this email. They need to sign in to Lantern once first."] }, values: { email: email.data } };
    const created = await insertResearchGrant({ authz: authz, researcherUserId: researcher.id });
    log.info("audit", { action: "research.access_granted", actorUserId: authz.session.user.id, courseId: authz.course.id, researcherUserId: researcher.id });
    revalidatePath(page(authz.course.id));
    return { ok: true, message: created ? `${researcher.name ?? email.data} can now request de-identified exports of this course.` : "They already have access." };
  },
);
