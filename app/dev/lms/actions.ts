"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { action, formAction } from "@/lib/auth/action";
import { faultSettings } from "@/lib/dev-lms/faults";
import { createLaunch } from "@/lib/dev-lms/launch";
import { manualRegistration, registerToolManually } from "@/lib/dev-lms/manual";
import { parse } from "@/lib/http";
import { requireDevLms } from "@/lib/dev-lms/platform";
import { ensureDevLmsSettings } from "@/lib/models/dev-lms-ags";
import { deleteDevLmsTool, selectDevLmsTools } from "@/lib/models/dev-lms";

const checkbox = z.string().optional().transform((v) => v === "on");

const launchForm = z.object({
  clientId: z.string().min(1),
  person: z.string().min(1),
  kind: z.enum(["resource_link", "course_navigation", "deep_linking"]),
  contextId: z.string().min(1).max(200),
  resourceLinkId: z.string().optional().transform((v) => v || undefined),
  platformStorage: checkbox,
  acceptMultiple: checkbox,
  lti11ConsumerKey: z.string().max(200).optional().transform((v) => v || undefined),
});

/** Prepares a launch and shows the course page with the tool in its frame. */
export const launchTool = formAction({ access: { public: true }, schema: launchForm }, async (input) => {
  requireDevLms();
  const { launch } = await createLaunch(input, selectDevLmsTools);
  redirect(`/dev/lms?context=${encodeURIComponent(input.contextId)}&tool=${encodeURIComponent(input.clientId)}&launch=${launch.id}`);
});

const int = z.coerce.number().int();
const faultsForm = z.object({
  failOneIn: int,
  rateLimitOneIn: int,
  lostResponseOneIn: int,
  retryAfterSeconds: int,
  seed: int,
  contextId: z.string().max(200),
});

/** Saves AGS failure injection (and restarts its call counter). */
export const saveFaults = formAction({ access: { public: true }, schema: faultsForm }, async ({ contextId, ...values }) => {
  requireDevLms();
  await ensureDevLmsSettings({ values: faultSettings.parse(values) });
  redirect(`/dev/lms?context=${encodeURIComponent(contextId)}&saved=faults`);
});

const manualForm = z.object({
  name: z.string().trim().min(1).max(200),
  initiateLoginUri: z.string(),
  redirectUris: z.string().transform((s) => s.split(/\s+/).filter(Boolean)),
  targetLinkUri: z.string(),
  jwksUri: z.string(),
});

/** Registers a tool by hand, as an LMS admin would with the tool's URLs; bad URLs come back as field errors. */
export const registerManually = action({ access: { public: true }, schema: manualForm }, async (input) => {
  requireDevLms();
  const tool = await registerToolManually(parse(manualRegistration, input, "registration"));
  redirect(`/dev/lms/tools?registered=${encodeURIComponent(tool.clientId)}`);
});

/** Removes a tool registration (its links and grades stay for the record). */
export const removeTool = formAction({ access: { public: true }, schema: z.object({ clientId: z.string().min(1) }) }, async ({ clientId }) => {
  requireDevLms();
  await deleteDevLmsTool({ clientId });
  redirect("/dev/lms/tools");
});
