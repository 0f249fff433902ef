// Wall-clock times in a named IANA zone, converted without a library: Intl knows every zone's offsets, so the UTC
// instant for a local time is found by measuring the zone's offset at a guess and correcting once (twice around a
// DST change).

/** True for a time zone name this runtime knows (e.g. "Europe/Paris", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return name.length > 0 && name.length <= 64;
  } catch {
    return false;
  }
}

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function partsIn(date: Date, timeZone: string): Parts {
  const formatted = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => Number(formatted.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** Milliseconds the zone is ahead of UTC at `date`. */
function offsetMs(date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(date.getTime() / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which clocks in `timeZone` show `local` ("2026-03-01T17:00"). A time skipped by a DST change
 * resolves to the same time after the gap; a repeated time to its first occurrence. Null when malformed.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) return null; // 31 April and the like
  // The zone's offsets a day either side bracket any DST change near this time.
  const before = wall - offsetMs(new Date(wall - 86_400_000), timeZone);
  const after = wall - offsetMs(new Date(wall + 86_400_000), timeZone);
  const shows = (t: number) => utcToZonedLocal(new Date(t), timeZone).slice(0, 19) === normalise(local);
  const valid = [before, after].filter(shows).sort((a, b) => a - b);
  return new Date(valid[0] ?? before);
}

function normalise(local: string): string {
  return local.length === 16 || local.endsWith(":00") ? local.slice(0, 16) : local;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local wall-clock time of `date` in `timeZone`, as "YYYY-MM-DDTHH:MM" (the value of a datetime-local input). */
export function utcToZonedLocal(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  const base = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
  return p.second ? `${base}:${pad(p.second)}` : base;
}

/** Whole days from local date `from` to local date `to` (both "YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  const parse = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((parse(to) - parse(from)) / 86_400_000);
}

/** The local date `days` days after `from` ("YYYY-MM-DD"). */
export function addDays(from: string, days: number): string {
  const d = new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)) + days));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Today's date in `timeZone` ("YYYY-MM-DD"). */
export function todayIn(timeZone: string, now = new Date()): string {
  return utcToZonedLocal(now, timeZone).slice(0, 10);
}
