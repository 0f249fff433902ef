/** A heading on the course page and the assignments under it. */
export type Section<A> = { id: string; title: string; items: A[] };

/**
 * The course page's sections: one per assignment group that has assignments, in group order, then the assignments
 * in no (or a deleted) group. Those are "Other assignments" only below other groups; alone they are just
 * "Assignments" (a heading saying "other" with nothing above it reads as if something failed to load).
 */
export function courseSections<A extends { groupId: string | null }>(
  groups: { id: string; title: string }[],
  assignments: A[],
): Section<A>[] {
  const grouped = groups
    .map((g) => ({ id: g.id, title: g.title, items: assignments.filter((a) => a.groupId === g.id) }))
    .filter((s) => s.items.length > 0);
  const rest = assignments.filter((a) => !a.groupId || !groups.some((g) => g.id === a.groupId));
  if (rest.length === 0) return grouped;
  return [...grouped, { id: "ungrouped", title: grouped.length > 0 ? "Other assignments" : "Assignments", items: rest }];
}
