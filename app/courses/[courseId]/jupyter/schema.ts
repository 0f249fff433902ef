import { z } from "zod";

export const EXCHANGE_TOKEN_DAYS = [30, 90, 180, 365] as const;

export const createExchangeTokenForm = z.object({
  courseId: z.string(),
  expiresInDays: z.coerce
    .number()
    .refine((d) => (EXCHANGE_TOKEN_DAYS as readonly number[]).includes(d), "Choose one of the offered expiry periods."),
});

export const revokeExchangeTokenForm = z.object({ courseId: z.string(), tokenId: z.string().max(100) });
