"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { signInForTest } from "@/lib/auth/test-login";

/** Development only: signs in as a seeded demo user (the test-only login refuses outside development/test). */
export const demoSignIn = formAction(
  { access: { public: true }, schema: z.object({ who: z.enum(["instructor", "student"]) }) },
  async ({ who }) => {
    await signInForTest({ key: `demo-${who}` });
    redirect("/courses");
  },
);
