import { zonedLocalToUtc } from "@/lib/time-zone";
import type { Grant } from "@/lib/models/extensions";

/** What the extension form posts (all strings; empty = not given). */
export type GrantFields = { assignmentId: string; dueAt: string; lockAt: string; extraDays: string; extraAttempts: string; reason: string };

export const MAX_EXTRA_DAYS = 365;
export const MAX_EXTRA_ATTEMPTS = 100;

/** A whole number 0..max written in plain digits ("0x10", "1e3", "2.5" and "-1" are refused). */
function wholeNumber(text: string, max: number, noun: string, errors: Record<string, string[]>, key: string): number {
  if (text === "") return 0;
  if (!/^\d{1,6}$/.test(text) || Number(text) > max) {
    errors[key] = [`Enter a whole number of ${noun} from 0 to ${max}.`];
    return 0;
  }
  return Number(text);
}

/**
 * Checks an extension form: new dates (entered in the course's zone, one assignment only), or extra days, and/or
 * extra attempts; at least one of them. Returns the grant or the field errors to show.
 */
export function parseGrant(f: GrantFields, timeZone: string): { grant: Grant; fieldErrors?: undefined; message?: undefined } | { grant?: undefined; fieldErrors: Record<string, string[]>; message?: string } {
  const errors: Record<string, string[]> = {};
  const date = (key: "dueAt" | "lockAt", label: string): Date | null => {
    if (f[key] === "") return null;
    if (f.assignmentId === "") {
      errors[key] = ["New dates apply to one assignment: choose it, or give extra days for all assignments."];
      return null;
    }
    const d = zonedLocalToUtc(f[key], timeZone);
    if (!d) errors[key] = [`Enter the ${label} as a date and time.`];
    return d;
  };
  const dueAt = date("dueAt", "new due date");
  const lockAt = date("lockAt", "new closing date");
  const extraDays = wholeNumber(f.extraDays, MAX_EXTRA_DAYS, "days", errors, "extraDays");
  const extraAttempts = wholeNumber(f.extraAttempts, MAX_EXTRA_ATTEMPTS, "attempts", errors, "extraAttempts");
  if (dueAt && lockAt && lockAt < dueAt) errors.lockAt = ["The closing date must not be before the due date."];
  if ((dueAt || lockAt) && extraDays > 0) errors.extraDays = ["Give either new dates or extra days, not both."];
  if (f.reason.length > 500) errors.reason = ["Keep the reason under 500 characters."];
  if (Object.keys(errors).length > 0) return { fieldErrors: errors };
  if (!dueAt && !lockAt && extraDays === 0 && extraAttempts === 0) {
    return { fieldErrors: {}, message: "Give new dates, extra days or extra attempts." };
  }
  return { grant: { dueAt, lockAt, extraDays, extraAttempts, reason: f.reason.trim() || null } };
}
