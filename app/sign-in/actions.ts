"use server";

import { redirect } from "next/navigation";
import { action } from "@/lib/auth/action";
import { requestEmailSignIn } from "@/lib/auth/next-auth";
import { signInRequest } from "./schema";

/**
 * Asks Auth.js for a sign-in link, then shows "check your email" (or this page with the reason it refused). Auth.js
 * answers with its own verify-request route, an API route the client router cannot render, so we go to the page.
 */
export const requestSignInLinkAction = action({ access: { public: true }, schema: signInRequest }, async ({ email, next }) => {
  const location = new URL(await requestEmailSignIn("resend", { email, redirectTo: next, redirect: false }), "http://x");
  redirect(location.pathname.endsWith("/verify-request") ? "/sign-in/sent" : `${location.pathname}${location.search}`);
});
