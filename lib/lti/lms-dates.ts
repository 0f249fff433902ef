/**
 * Reads LMS due/lock dates from a launch's custom parameters (Lantern's tool configuration asks for them as
 * `due_at`/`lock_at`: Canvas substitutes $Canvas.assignment.dueAt.iso8601, Moodle $ResourceLink.submission.endDateTime).
 * An empty or unsubstituted value ("$Canvas…") means the LMS has no date, so nothing overrides the assignment's.
 */
export function lmsDatesFromCustom(custom: Record<string, unknown> | undefined): { dueAt: Date | null; lockAt: Date | null } {
  const read = (value: unknown) => {
    if (typeof value !== "string" || value.trim() === "" || value.startsWith("$")) return null;
    const time = Date.parse(value);
    return Number.isNaN(time) ? null : new Date(time);
  };
  return { dueAt: read(custom?.due_at), lockAt: read(custom?.lock_at) };
}
