import { z } from "zod";
import type { ExportKind } from "@/lib/models/export-jobs";
import { ALL_ROLES } from "@/lib/auth/roles";

/** What each export kind is, who it is for, and its options. */
export const EXPORT_KINDS: Record<ExportKind, { label: string; audiences: ("staff" | "research")[]; description: string }> = {
  grades: { label: "Grades CSV", audiences: ["staff"], description: "One row per student and assignment: scores, autograder score, overrides, lateness, LMS sync state." },
  canvas: { label: "Canvas gradebook CSV", audiences: ["staff"], description: "The layout Canvas's gradebook import accepts, with a Points Possible row." },
  submissions: { label: "Submissions", audiences: ["staff", "research"], description: "One row per submission; optionally a zip with each student's final code or every version." },
  events: { label: "Events CSV", audiences: ["staff", "research"], description: "Every coding event (edits, runs, errors, focus, submissions) as recorded." },
  progsnap2: { label: "ProgSnap2 dataset", audiences: ["research"], description: "A ProgSnap2 zip (MainTable, CodeStates, metadata, README) for learning-analytics tools." },
};

const optionalDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v ? new Date(v) : null));

/** Scope filters and options of an export request (the job row's `params`). */
export const exportParamsSchema = z
  .object({
    assignmentIds: z.array(z.uuid()).max(500).nullable().default(null),
    from: optionalDate,
    to: optionalDate,
    roles: z.array(z.enum(ALL_ROLES as [string, ...string[]])).min(1).default(["student"]),
    includeTestStudents: z.boolean().default(false),
    code: z.enum(["none", "final", "all"]).default("none"),
    projectId: z.uuid().nullable().default(null),
  })
  .refine((p) => !p.from || !p.to || p.from < p.to, { message: "The start date must be before the end date.", path: ["to"] });

export type ExportParams = z.infer<typeof exportParamsSchema>;

/** The params as stored (dates as ISO strings). */
export function storedParams(p: ExportParams): Record<string, unknown> {
  return { ...p, from: p.from?.toISOString() ?? null, to: p.to?.toISOString() ?? null };
}
