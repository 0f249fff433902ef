"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { action } from "@/lib/auth/action";
import { createConsumerKey, setConsumerKeyActive } from "@/lib/admin/lti11-consumers";
import { HttpError } from "@/lib/errors";
import { consumerKeyActiveForm, createConsumerKeyForm } from "./schema";

const admin = { siteRoles: ["admin"] } as const;

/** Creates a consumer key and hands its secret back once, for the page to show. */
export const createConsumerKeyAction = action({ access: admin, schema: createConsumerKeyForm }, async ({ consumerKey, name }, { authz }) => {
  try {
    const { secret } = await createConsumerKey({ authz, consumerKey, name, req: await headers() });
    revalidatePath("/admin/consumer-keys");
    return { ok: true, data: { consumerKey, secret } };
  } catch (error) {
    if (error instanceof HttpError && error.status === 409) return { message: error.message, fieldErrors: { consumerKey: [error.message] }, values: { consumerKey, name } };
    throw error;
  }
});

/** Revokes (deactivates) or reactivates a consumer key. */
export const setConsumerKeyActiveAction = action({ access: admin, schema: consumerKeyActiveForm }, async ({ consumerKey, active }, { authz }) => {
  await setConsumerKeyActive({ authz, consumerKey, active, req: await headers() });
  revalidatePath("/admin/consumer-keys");
  return { ok: true, message: active ? "Reactivated." : "Revoked: launches with this key are refused." };
});
