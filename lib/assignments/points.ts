import { z } from "zod";

/** The most points an assignment or a test may be worth. */
export const MAX_POINTS = 10_000;

// Plain decimal notation with at most two decimals: "10", "2.5", "0.25". Not "1e3", "0x10", "10,5", "+3" or "".
// (`Number()` and `z.coerce.number()` accept "0x10" as 16 and "" as 0, so an instructor's typo became a grade.)
const DECIMAL = /^\d+(\.\d{1,2})?$/;
/** The same rule as the HTML `pattern` attribute (which is anchored), for the inputs that post without JavaScript. */
export const POINTS_PATTERN = String.raw`\d+(\.\d{1,2})?`;

export type PointsCheck = { ok: true; points: number } | { ok: false; message: string };

/** Strictly parses points typed by staff (an assignment's or a test's). */
export function parsePoints(input: string | number): PointsCheck {
  const text = String(input).trim();
  if (text === "") return { ok: false, message: "Enter the points, e.g. 10." };
  if (!DECIMAL.test(text)) return { ok: false, message: "Enter the points as a plain number with at most two decimals, e.g. 10 or 2.5." };
  const points = Number(text);
  if (points > MAX_POINTS) return { ok: false, message: `Points can be at most ${MAX_POINTS}.` };
  return { ok: true, points };
}

/** `parsePoints` as a zod field for forms and JSON bodies: a string or a number in, a number out. */
export const pointsSchema = z.union([z.string(), z.number()], "Enter the points, e.g. 10.").transform((value, ctx) => {
  const checked = parsePoints(value);
  if (checked.ok) return checked.points;
  ctx.addIssue({ code: "custom", message: checked.message });
  return z.NEVER;
});
