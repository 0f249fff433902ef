"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signInForTest } from "@/lib/auth/test-login";
import { parse } from "@/lib/http";

const demoUser = z.object({ who: z.enum(["instructor", "student"]) });

/** Development only: signs in as a seeded demo user (the test-only login refuses outside development/test). */
export async function demoSignIn(formData: FormData): Promise<void> {
  const { who } = parse(demoUser, Object.fromEntries(formData.entries()), "form");
  await signInForTest({ key: `demo-${who}` });
  redirect("/courses");
}
