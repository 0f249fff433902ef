"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { ALL_ROLES } from "@/lib/auth/roles";
import { ensureOwnConsent } from "@/lib/models/research";

/** A student records or changes their own research-consent choice (refused while staff view as them). */
export const consentChoiceAction = action(
  { access: { courseRoles: ALL_ROLES }, schema: z.object({ courseId: z.string(), choice: z.enum(["granted", "declined"], { message: "Choose yes or no." }) }) },
  async (input, { authz }) => {
    await ensureOwnConsent({ authz: authz, choice: input.choice });
    revalidatePath(`/courses/${authz.course.id}/research-consent`);
    return { ok: true, message: input.choice === "granted" ? "Thank you: your de-identified work may be used for research." : "Saved: your work will not be used for research." };
  },
);
