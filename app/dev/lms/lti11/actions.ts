"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { addLti11ToolByUrl } from "@/lib/dev-lms/lti11-config";
import { createLti11Launch } from "@/lib/dev-lms/lti11-launch";
import { requireDevLms } from "@/lib/dev-lms/platform";
import { updateDevLmsLti11OutcomeFailure } from "@/lib/models/dev-lms-lti11";

const page = (params: Record<string, string>) => `/dev/lms/lti11?${new URLSearchParams(params)}`;

const appForm = z.object({
  consumerKey: z.string().trim().min(1).max(200),
  secret: z.string().trim().min(1).max(500),
  configUrl: z.url().max(2048),
});

/** Adds an LTI 1.1 app by configuration URL, as Canvas's "Add App → By URL"; a bad URL comes back as a message. */
export const addLti11App = formAction({ access: { public: true }, schema: appForm }, async (input) => {
  requireDevLms();
  let error: string | null = null;
  try {
    await addLti11ToolByUrl(input);
  } catch (e) {
    error = (e as Error).message.slice(0, 300);
  }
  redirect(page(error ? { error } : { added: input.consumerKey }));
});

const launchForm = z.object({
  consumerKey: z.string().min(1).max(200),
  person: z.string().min(1).max(100),
  kind: z.enum(["resource_link", "course_navigation"]),
  contextId: z.string().trim().min(1).max(200),
  resourceLinkId: z.string().optional().transform((v) => v || undefined),
});

/** Prepares a launch and shows the page with the tool in its frame (signed when the frame opens). */
export const launchLti11 = formAction({ access: { public: true }, schema: launchForm }, async (input) => {
  requireDevLms();
  const launch = await createLti11Launch(input);
  redirect(page({ context: input.contextId, launch: launch.id }));
});

const failureForm = z.object({
  consumerKey: z.string().min(1).max(200),
  contextId: z.string().max(200),
  outcomeFailure: z.string().trim().max(300).transform((v) => v || null),
});

/** Makes replaceResult answer failure with this description (empty: accept grades again). */
export const setOutcomeFailure = formAction({ access: { public: true }, schema: failureForm }, async ({ consumerKey, contextId, outcomeFailure }) => {
  requireDevLms();
  await updateDevLmsLti11OutcomeFailure({ consumerKey, outcomeFailure });
  redirect(page({ context: contextId, saved: "failure" }));
});
