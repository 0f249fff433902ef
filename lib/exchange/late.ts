// "Late" for a notebook submission as nbgrader sees it: nbgrader compares the submission's own timestamp (the one the
// student's `nbgrader submit` writes to timestamp.txt, which the exchange keeps) with the assignment's due date, and
// any time after it is late (nbgrader's SubmittedAssignment.total_seconds_late > 0). Lantern's due date for the
// student is the assignment's, the LMS's or an extension's (lib/models/extensions.ts), the same one its pages show.

/** Milliseconds a submission made at `submittedAt` is after `dueAt`, or null when it is on time (or nothing is due). */
export function lateByMs(submittedAt: Date | null, dueAt: Date | null): number | null {
  if (!submittedAt || !dueAt) return null;
  const by = submittedAt.getTime() - dueAt.getTime();
  return by > 0 ? by : null;
}

/** "late by 3 days 2 h", "late by 1 h 5 min", "late by 40 s": the two largest units, rounded down. */
export function describeLateBy(ms: number): string {
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), "day"],
    [Math.floor((s % 86_400) / 3600), "h"],
    [Math.floor((s % 3600) / 60), "min"],
    [s % 60, "s"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return "late by less than a second";
  const shown = parts.slice(first, first + 2).filter(([n]) => n > 0);
  return `late by ${shown.map(([n, unit]) => (unit === "day" ? `${n} day${n === 1 ? "" : "s"}` : `${n} ${unit}`)).join(" ")}`;
}
