/**
 * nbgrader timestamps. nbgrader writes `%Y-%m-%d %H:%M:%S.%f %Z` in UTC (`2026-01-02 03:04:05.123456 UTC`) and
 * compares these strings as text (its `list` and `collect --update`), so every timestamp the exchange sends has
 * exactly that fixed-width form. Client timestamps may come in other ISO-8601 shapes and other offsets; they are
 * normalised to the same instant in UTC, keeping all six fractional digits (a JS Date keeps only three).
 */

export type NbgraderTimestamp = {
  /** `YYYY-MM-DD HH:MM:SS.ffffff UTC`: the canonical text of the instant. */
  text: string;
  /** The same instant to millisecond precision, for ordering and display. */
  date: Date;
};

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function canonical(date: Date, micros: number): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(micros, 6)} UTC`
  );
}

/** A server-side instant in nbgrader's format (microseconds from the millisecond clock). */
export function formatNbgraderTimestamp(date: Date): string {
  return canonical(date, date.getUTCMilliseconds() * 1000);
}

/**
 * Parses a client timestamp (nbgrader's own format, ISO 8601 with `T` or a space, `Z`/`UTC`/`GMT`/`±HH[:MM]`;
 * no zone means UTC, as nbexchange assumes). Returns null for anything else, including impossible dates.
 */
export function parseNbgraderTimestamp(input: string): NbgraderTimestamp | null {
  const m = PATTERN.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "0", frac = "", zone = "UTC"] = m;
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)];
  const [year, month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  const z = zone.toUpperCase();
  if (z !== "Z" && z !== "UTC" && z !== "GMT") {
    const sign = z.startsWith("-") ? -1 : 1;
    const digits = z.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  // Date.UTC rolls 31 April over to 1 May; such a date is not a date.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const micros = Number(frac.padEnd(6, "0").slice(0, 6));
  const instant = new Date(wall - offsetMinutes * 60_000 + Math.floor(micros / 1000));
  if (Number.isNaN(instant.getTime())) return null;
  return { text: canonical(new Date(wall - offsetMinutes * 60_000), micros), date: instant };
}
