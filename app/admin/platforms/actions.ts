"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { action } from "@/lib/auth/action";
import { addDeployment, editPlatform, registerPlatform, removePlatform, rotateToolKeyAudited, setPlatformActive } from "@/lib/admin/platforms";
import { selectPlatformOverview } from "@/lib/models/platform-overview";
import { addDeploymentForm, editPlatformForm, platformActiveForm, platformIdForm, registerPlatformForm } from "./schema";

const admin = { siteRoles: ["admin"] } as const;

/** Registers a platform from the form, then opens its page. */
export const registerPlatformAction = action({ access: admin, schema: registerPlatformForm }, async ({ deploymentIds, ...values }, { authz }) => {
  const platform = await registerPlatform({
    authz,
    values: { ...values, name: values.name || new URL(values.issuer).host },
    deploymentIds,
    req: await headers(),
  });
  revalidatePath("/admin/platforms");
  redirect(`/admin/platforms/${platform.id}?registered=1`);
});

/** Saves a platform's name and endpoints. */
export const editPlatformAction = action({ access: admin, schema: editPlatformForm }, async ({ platformId, ...values }, { authz }) => {
  const current = await selectPlatformOverview({ authz, unsafePlatformId: platformId });
  await editPlatform({ authz, platformId: current.platform.id, values: { ...values, name: values.name || current.platform.name }, req: await headers() });
  revalidatePath("/admin/platforms");
  revalidatePath(`/admin/platforms/${platformId}`);
  return { ok: true, message: "Saved." };
});

/** Adds a deployment id. */
export const addDeploymentAction = action({ access: admin, schema: addDeploymentForm }, async ({ platformId, deploymentId }, { authz }) => {
  const { platform } = await selectPlatformOverview({ authz, unsafePlatformId: platformId });
  await addDeployment({ authz, platformId: platform.id, deploymentId, req: await headers() });
  revalidatePath(`/admin/platforms/${platformId}`);
  return { ok: true, message: `Deployment ${deploymentId} added.` };
});

/** Activates or deactivates a platform. */
export const setPlatformActiveAction = action({ access: admin, schema: platformActiveForm }, async ({ platformId, active }, { authz }) => {
  const { platform } = await selectPlatformOverview({ authz, unsafePlatformId: platformId });
  await setPlatformActive({ authz, platformId: platform.id, active, req: await headers() });
  revalidatePath("/admin/platforms");
  revalidatePath(`/admin/platforms/${platformId}`);
  return { ok: true, message: active ? "Activated." : "Deactivated: its launches are refused." };
});

/** Removes a platform nothing depends on; otherwise answers why not. */
export const removePlatformAction = action({ access: admin, schema: platformIdForm }, async ({ platformId }, { authz }) => {
  const { platform } = await selectPlatformOverview({ authz, unsafePlatformId: platformId });
  await removePlatform({ authz, platformId: platform.id, req: await headers() });
  revalidatePath("/admin/platforms");
  redirect("/admin/platforms?removed=1");
});

/** Rotates Lantern's tool signing key. */
export const rotateToolKeyAction = action({ access: admin, schema: platformIdForm.pick({}) }, async (_input, { authz }) => {
  const { kid } = await rotateToolKeyAudited({ authz, req: await headers() });
  revalidatePath("/admin/platforms");
  return { ok: true, message: `New key ${kid.slice(0, 8)}… is now current.` };
});
