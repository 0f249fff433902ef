import { z } from "zod";
import { API_SCOPES, type ApiScope } from "@/lib/auth/roles";

export const EXPIRY_CHOICES = [7, 30, 90, 365] as const;

export const createTokenForm = z.object({
  name: z.string().trim().min(1, "Give the token a name, e.g. the script that will use it.").max(100, "Use at most 100 characters."),
  scopes: z
    .array(z.enum(API_SCOPES as [ApiScope, ...ApiScope[]]))
    .min(1, "Choose at least one scope."),
  expiresInDays: z.coerce
    .number()
    .refine((d) => (EXPIRY_CHOICES as readonly number[]).includes(d), "Choose one of the offered expiry periods."),
});

export const revokeTokenForm = z.object({ tokenId: z.string().max(100) });
