import type { SiteAuthz, SystemAuthz } from "@/lib/auth/authz";
import type { RequestLike } from "@/lib/client-address";
import { badRequest, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { clearRegistryCache } from "@/lib/lti/registry-cache";
import { rotateToolKey } from "@/lib/lti/tool-keys";
import { insertAuditEvent } from "@/lib/models/audit-log";
import { deletePlatform } from "@/lib/models/platform-overview";
import {
  ensureDeployment,
  ensurePlatform,
  selectDeployments,
  selectOptionalPlatform,
  selectPlatform,
  updatePlatformActive,
  type LtiPlatform,
  type NewLtiPlatform,
} from "@/lib/models/lti-platforms";

/**
 * Platform administration shared by the admin pages and the `lantern` CLI: each change is authorized (an admin, or
 * the command line) and written to the audit log with its before/after state.
 */
type AdminAuthz = SiteAuthz | SystemAuthz;

function requireAdmin(authz: AdminAuthz): void {
  if (authz.kind === "site" && !authz.roles.includes("admin")) throw notFound();
}

/** What the audit log keeps of a platform (no secrets live on the row, but keep it explicit). */
function platformState(p: LtiPlatform) {
  return {
    issuer: p.issuer,
    clientId: p.clientId,
    name: p.name,
    authLoginUrl: p.authLoginUrl,
    authTokenUrl: p.authTokenUrl,
    jwksUrl: p.jwksUrl,
    active: p.active,
    registeredVia: p.registeredVia,
  };
}

/** Registers a platform by hand, or updates its endpoints; records `platform.create` or `platform.update`. */
export async function savePlatform({
  authz,
  values,
  req,
}: {
  authz: AdminAuthz;
  values: Omit<NewLtiPlatform, "registeredVia">;
  req?: RequestLike | null;
}): Promise<LtiPlatform> {
  requireAdmin(authz);
  const before = await selectOptionalPlatform({ issuer: values.issuer, clientId: values.clientId });
  const platform = await ensurePlatform({ values: { ...values, registeredVia: before?.registeredVia ?? "manual" } });
  clearRegistryCache();
  await insertAuditEvent({
    authz,
    action: before ? "platform.update" : "platform.create",
    subject: { type: "lti_platform", id: platform.id },
    before: before ? platformState(before) : null,
    after: platformState(platform),
    req,
  });
  return platform;
}

/** Adds a deployment id to a platform (idempotent; only a new one is recorded). */
export async function addDeployment({
  authz,
  platformId,
  deploymentId,
  req,
}: {
  authz: AdminAuthz;
  platformId: string;
  deploymentId: string;
  req?: RequestLike | null;
}): Promise<void> {
  requireAdmin(authz);
  const platform = await selectPlatform({ platformId });
  const known = (await selectDeployments({ platformId })).some((d) => d.deploymentId === deploymentId);
  await ensureDeployment({ platformId: platform.id, deploymentId });
  clearRegistryCache();
  if (!known) {
    await insertAuditEvent({
      authz,
      action: "platform.deployment_add",
      subject: { type: "lti_platform", id: platform.id },
      after: { deploymentId },
      req,
    });
  }
}

/** Activates or deactivates a platform (an inactive platform's launches are refused). */
export async function setPlatformActive({
  authz,
  platformId,
  active,
  req,
}: {
  authz: AdminAuthz;
  platformId: string;
  active: boolean;
  req?: RequestLike | null;
}): Promise<void> {
  requireAdmin(authz);
  const platform = await selectPlatform({ platformId });
  if (platform.active === active) return;
  await updatePlatformActive({ platformId: platform.id, active });
  clearRegistryCache();
  await insertAuditEvent({
    authz,
    action: active ? "platform.activate" : "platform.deactivate",
    subject: { type: "lti_platform", id: platform.id },
    before: { active: platform.active },
    after: { active },
    req,
  });
}

/** Rotates the tool's signing key; the previous key stays published for the grace period. */
export async function rotateToolKeyAudited({ authz, req }: { authz: AdminAuthz; req?: RequestLike | null }) {
  requireAdmin(authz);
  const { kid } = await rotateToolKey();
  await insertAuditEvent({ authz, action: "tool_key.rotate", subject: { type: "tool_key", id: kid }, after: { kid }, req });
  return { kid };
}

/** The endpoints an admin types in for a platform (issuer and client id identify it and cannot change). */
export type PlatformEndpoints = Pick<NewLtiPlatform, "name" | "authLoginUrl" | "authTokenUrl" | "jwksUrl">;

/**
 * In production every platform URL must be https (LTI Security Framework §3: "all communication … MUST use TLS",
 * https://www.imsglobal.org/spec/security/v1p0/#transport-security); development allows http for the dev LMS.
 */
function checkTransport(values: Partial<Record<"issuer" | "authLoginUrl" | "authTokenUrl" | "jwksUrl", string>>): void {
  if (env().APP_ENV !== "production") return;
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value && !value.startsWith("https://")) fieldErrors[field] = ["Use an https:// URL."];
  }
  if (Object.keys(fieldErrors).length) throw badRequest("Platform URLs must use https.", fieldErrors);
}

/**
 * Registers a new platform by hand (the admin page's form): refused with a field error when (issuer, client id) is
 * already registered, so a typo cannot silently overwrite another platform's endpoints. Deployments are added too.
 */
export async function registerPlatform({
  authz,
  values,
  deploymentIds,
  req,
}: {
  authz: AdminAuthz;
  values: Omit<NewLtiPlatform, "registeredVia" | "active">;
  deploymentIds: readonly string[];
  req?: RequestLike | null;
}): Promise<LtiPlatform> {
  requireAdmin(authz);
  checkTransport(values);
  if (await selectOptionalPlatform({ issuer: values.issuer, clientId: values.clientId })) {
    throw badRequest("This platform is already registered.", {
      clientId: ["A platform with this issuer and client id is already registered: edit it from the list instead."],
    });
  }
  const platform = await savePlatform({ authz, values: { ...values, active: true }, req });
  for (const deploymentId of deploymentIds) await addDeployment({ authz, platformId: platform.id, deploymentId, req });
  return platform;
}

/** Changes a registered platform's name and endpoints (audited as `platform.update`). */
export async function editPlatform({
  authz,
  platformId,
  values,
  req,
}: {
  authz: AdminAuthz;
  platformId: string;
  values: PlatformEndpoints;
  req?: RequestLike | null;
}): Promise<LtiPlatform> {
  requireAdmin(authz);
  checkTransport(values);
  const platform = await selectPlatform({ platformId });
  if (platform.ltiVersion !== "1.3") throw notFound("No such platform.");
  return savePlatform({ authz, values: { ...values, issuer: platform.issuer, clientId: platform.clientId, active: platform.active }, req });
}

/** Removes a platform nothing depends on (refused with the reason otherwise); audited as `platform.remove`. */
export async function removePlatform({ authz, platformId, req }: { authz: AdminAuthz; platformId: string; req?: RequestLike | null }) {
  requireAdmin(authz);
  const removed = await deletePlatform({ authz, platformId });
  clearRegistryCache();
  await insertAuditEvent({ authz, action: "platform.remove", subject: { type: "lti_platform", id: removed.id }, before: platformState(removed), req });
}
