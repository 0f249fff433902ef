import { z } from "zod";
import type { GradebookFilters, GradebookSort } from "@/lib/models/gradebook";

const text = (max: number) => z.string().trim().max(max).optional().catch(undefined);

/** The gradebook's URL state (sort, filters, page). Anything malformed falls back to the default, never an error. */
export const gradebookQuery = z.object({
  sort: z.string().max(60).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  q: text(100),
  section: text(200),
  role: z.enum(["student", "mentor", "ta", "designer", "instructor"]).optional().catch(undefined),
  status: z.enum(["active", "inactive", "dropped"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type GradebookQuery = z.infer<typeof gradebookQuery>;

// 50 rows × 20 assignments: 252 KiB of HTML and flight data with compact cells (was 1,124 KiB when each cell was a
// server-rendered element tree); 100 rows doubled the page time then (bench/gradebook.ts).
export const GRADEBOOK_PAGE_SIZE = 50;

/** Sort and filters for the model from the URL. `sort` is "name", "lastLaunch", "total" or an assignment id. */
export function fromQuery(q: GradebookQuery): { sort: GradebookSort; filters: GradebookFilters; page: number } {
  const dir = q.dir ?? "asc";
  const by: GradebookSort["by"] =
    !q.sort || q.sort === "name" ? "name" : q.sort === "lastLaunch" ? "lastLaunch" : q.sort === "total" ? "total" : { assignmentId: q.sort };
  return {
    sort: { by, dir },
    filters: { search: q.q || undefined, section: q.section || undefined, role: q.role, status: q.status },
    page: q.page ?? 1,
  };
}

/** The gradebook URL with some parameters changed (empty values removed). */
export function gradebookHref(courseId: string, q: GradebookQuery, change: Partial<Record<keyof GradebookQuery, string | number | undefined>>): string {
  const merged: Record<string, string | number | undefined> = { ...q, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return `/courses/${courseId}/gradebook${s ? `?${s}` : ""}`;
}
