// The Canvas gradebook CSV layout (instructure/canvas-lms lib/gradebook_exporter.rb; import rules from Canvas's
// "How do I import grades in the Gradebook?"): Student, ID, SIS User ID, SIS Login ID, Section, then one
// "Title (id)" column per assignment, and a second row whose first cell is "    Points Possible".

/** The identity columns, in Canvas's order. */
export const CANVAS_IDENTITY_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;
/** The first cell of Canvas's points row (four leading spaces, as Canvas writes it). */
export const POINTS_POSSIBLE = "    Points Possible";

/** A Canvas assignment column header: "Title (id)" when the LMS assignment id is known, else the title. */
export function canvasColumnTitle(title: string, canvasAssignmentId: string | null): string {
  return canvasAssignmentId ? `${title} (${canvasAssignmentId})` : title;
}

/** Splits "Title (123)" into its title and trailing id (Canvas's own header form). */
export function parseCanvasColumnTitle(header: string): { title: string; id: string | null } {
  const m = /^(.*) \((\d+)\)$/.exec(header.trim());
  return m ? { title: m[1], id: m[2] } : { title: header.trim(), id: null };
}
