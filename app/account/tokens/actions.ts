"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { action, formAction } from "@/lib/auth/action";
import { createApiToken } from "@/lib/auth/api-tokens";
import { updateApiTokenRevoked } from "@/lib/models/api-tokens";
import { ensureExchangeUser } from "@/lib/models/exchange-members";
import { createTokenForm, revokeTokenForm } from "./schema";

/** Creates a token for the signed-in user and hands it back once, for the page to show. */
export const createTokenAction = action(
  { access: { user: true }, schema: createTokenForm, arrays: ["scopes"] },
  async (input, { authz }) => {
    const { token, row } = await createApiToken({ authz, ...input, req: await headers() });
    // An exchange token acts as the user's nbgrader id: fix it now, before the first exchange call.
    if (input.scopes.includes("exchange")) await ensureExchangeUser({ user: authz.session.user });
    revalidatePath("/account/tokens");
    return { ok: true, data: { token, name: row.name } };
  },
);

/** Revokes one of the signed-in user's tokens (someone else's is a 404). */
export const revokeTokenAction = formAction({ access: { user: true }, schema: revokeTokenForm }, async ({ tokenId }, { authz }) => {
  await updateApiTokenRevoked({ authz, unsafeTokenId: tokenId, req: await headers() });
  revalidatePath("/account/tokens");
});
