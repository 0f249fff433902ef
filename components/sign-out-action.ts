"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { endSession } from "@/lib/auth/session";

/** Ends the current session and returns to the landing page. */
export const signOut = formAction({ access: { user: true }, schema: z.object({}) }, async (_input, { session }) => {
  await endSession(session);
  redirect("/");
});
