"use server";

import { redirect } from "next/navigation";
import { endSession, getSession } from "@/lib/auth/session";

/** Ends the current session and returns to the landing page. */
export async function signOut(): Promise<void> {
  const session = await getSession();
  if (session) await endSession(session);
  redirect("/");
}
