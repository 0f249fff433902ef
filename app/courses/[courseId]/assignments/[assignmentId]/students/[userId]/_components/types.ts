import type { StaffCodeComment } from "@/lib/models/code-comments";

/** A staff comment with its markdown already rendered (and sanitized) on the server. */
export type ReviewComment = StaffCodeComment & { html: string };

/** Where a comment can be made: the version on screen, a file, a line range. */
export type LineSelection = { start: number; end: number } | null;
