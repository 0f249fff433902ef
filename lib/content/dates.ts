import { addDays, daysBetween, utcToZonedLocal, zonedLocalToUtc } from "@/lib/time-zone";

// Dates in course content files are wall-clock times in the course's time zone, written relative to the course's
// first day when it has one ("+14d 23:59" = 14 days after `startsOn`, at 23:59), so a course copied to a new term
// only needs a new `startsOn`. Without `startsOn` they are absolute local times ("2026-03-01T23:59").

const RELATIVE = /^\+(\d{1,4})d (\d{2}:\d{2}(?::\d{2})?)$/;

export type DateFrame = { timeZone: string; startsOn: string | null };

/** A content-file date for an instant (see the format's documentation: docs/course-content.md). */
export function formatContentDate(date: Date, frame: DateFrame): string {
  const local = utcToZonedLocal(date, frame.timeZone);
  if (!frame.startsOn) return local;
  const days = daysBetween(frame.startsOn, local.slice(0, 10));
  return days >= 0 ? `+${days}d ${local.slice(11)}` : local;
}

/** The instant a content-file date names, or an error message. */
export function parseContentDate(text: string, frame: DateFrame): Date | string {
  const relative = RELATIVE.exec(text);
  if (relative) {
    if (!frame.startsOn) return "A relative date (+Nd HH:MM) needs `startsOn` in course.yaml.";
    const local = `${addDays(frame.startsOn, Number(relative[1]))}T${relative[2]}`;
    return zonedLocalToUtc(local, frame.timeZone) ?? `"${text}" is not a valid time.`;
  }
  return zonedLocalToUtc(text, frame.timeZone) ?? `"${text}" is not a date: write +14d 23:59 (days after startsOn) or 2026-03-01T23:59.`;
}
