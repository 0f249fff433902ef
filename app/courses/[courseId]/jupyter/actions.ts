"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { action, formAction } from "@/lib/auth/action";
import { createApiToken } from "@/lib/auth/api-tokens";
import { ALL_ROLES } from "@/lib/auth/roles";
import { updateApiTokenRevoked } from "@/lib/models/api-tokens";
import { ensureExchangeUser } from "@/lib/models/exchange-members";
import { createExchangeTokenForm, revokeExchangeTokenForm } from "./schema";

/**
 * Creates an exchange-only token for the signed-in user (the real user: refused while viewing as a student) and
 * hands it back once. It can do nothing but the nbgrader exchange, in the courses the user is a member of.
 */
export const createExchangeTokenAction = action({ access: { courseRoles: ALL_ROLES }, schema: createExchangeTokenForm }, async (input, { authz }) => {
  const { token, row } = await createApiToken({
    authz: { kind: "user", session: authz.session },
    name: `Jupyter (${authz.course.code ?? authz.course.title})`.slice(0, 100),
    scopes: ["exchange"],
    expiresInDays: input.expiresInDays,
    req: await headers(),
  });
  // The nbgrader id this token will act as, fixed now (normally it already is, from the first launch).
  await ensureExchangeUser({ user: authz.session.user });
  revalidatePath(`/courses/${authz.course.id}/jupyter`);
  return { ok: true, data: { token, name: row.name } };
});

/** Revokes one of the signed-in user's tokens (someone else's is a 404). */
export const revokeExchangeTokenAction = formAction({ access: { courseRoles: ALL_ROLES }, schema: revokeExchangeTokenForm }, async (input, { authz }) => {
  await updateApiTokenRevoked({ authz: { kind: "user", session: authz.session }, unsafeTokenId: input.tokenId, req: await headers() });
  revalidatePath(`/courses/${authz.course.id}/jupyter`);
});
