import { z } from "zod";

/**
 * Why a string cannot be stored, in words a student understands, or null when it can. PostgreSQL refuses the NUL
 * character in text and jsonb, and jsonb refuses an unpaired UTF-16 surrogate (what is left of an emoji cut in
 * half); both used to reach the database and come back as a 500.
 */
export function unstorableReason(text: string): string | null {
  if (text.includes("\0")) return "contains a NUL character (\\0), which cannot be saved: remove it";
  if (!text.isWellFormed()) return "contains a broken character (half of an emoji or symbol), which cannot be saved: remove it";
  return null;
}

/** A string PostgreSQL can store (no NUL, no lone surrogate); `what` starts the message, e.g. "main.py". */
export function storableString(what: string, schema: z.ZodString = z.string()) {
  return schema.superRefine((text, ctx) => {
    const reason = unstorableReason(text);
    if (reason) ctx.addIssue({ code: "custom", message: `${what} ${reason}` });
  });
}

// Date.UTC maps years 0–99 to 1900–1999, so year 1 is set explicitly.
const MIN_TIME = new Date(0).setUTCFullYear(1, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * An ISO 8601 time from the browser's clock, as a Date in years 1–9999 UTC: PostgreSQL has no year 0, and Drizzle
 * writes later years as `+010000-…`, which PostgreSQL cannot read. A clock that far off is a broken clock.
 */
export const clientTimeSchema = z.iso
  .datetime({ offset: true, error: "must be a date and time such as 2026-05-01T12:00:00Z" })
  .transform((s) => new Date(s))
  .refine((d) => {
    const t = d.getTime();
    return t >= MIN_TIME && t <= MAX_TIME;
  }, "must be a date between the years 1 and 9999: check the device's clock");
