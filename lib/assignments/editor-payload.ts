import { z } from "zod";
import { pointsSchema } from "./points";
import { badRequest } from "@/lib/errors";
import { parse } from "@/lib/http";
import { utcToZonedLocal, zonedLocalToUtc } from "@/lib/time-zone";
import { assignmentContentSchema, type AssignmentContent } from "./content-schema";

// What the assignment editor (a client component) holds and posts: the authored content with dates as wall-clock
// times in the course's time zone and numbers as typed. The server converts and validates it with the one content
// schema, so the editor shows the same field errors a content import would.

type DateKey = "opensAt" | "dueAt" | "lockAt";

export type EditorValues = Omit<AssignmentContent, DateKey | "points" | "attemptLimit" | "gradingTimeLimitMs"> & {
  opensAt: string;
  dueAt: string;
  lockAt: string;
  points: string;
  /** Empty for unlimited. */
  attemptLimit: string;
  gradingTimeLimitSeconds: string;
  groupId: string;
};

/** The editor's starting values for an assignment's content, dates shown in the course's time zone. */
export function toEditorValues(content: AssignmentContent, groupId: string | null, timeZone: string): EditorValues {
  const local = (d: Date | null) => (d ? utcToZonedLocal(d, timeZone).slice(0, 16) : "");
  return {
    ...content,
    points: String(content.points),
    attemptLimit: content.attemptLimit === null ? "" : String(content.attemptLimit),
    gradingTimeLimitSeconds: String(content.gradingTimeLimitMs / 1000),
    opensAt: local(content.opensAt),
    dueAt: local(content.dueAt),
    lockAt: local(content.lockAt),
    groupId: groupId ?? "",
  };
}

const number = (message: string) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const text = String(v).trim();
    // Strict decimal numbers only: "0x10", "1e9" and "" are not accepted as points.
    if (!/^\d+(\.\d+)?$/.test(text)) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return Number(text);
  });

const payloadSchema = z
  .object({
    points: pointsSchema,
    attemptLimit: z.string().trim(),
    gradingTimeLimitSeconds: number("Enter the time limit in seconds, e.g. 10."),
    opensAt: z.string(),
    dueAt: z.string(),
    lockAt: z.string(),
    groupId: z.union([z.literal(""), z.uuid()]),
  })
  .loose();

/**
 * Converts and validates what the editor posted (a JSON string) into content and a group id. Throws a 400 whose
 * field errors are keyed by content path (e.g. `functionTests.2.name`), as the editor lays its fields out.
 */
export function parseEditorPayload(json: string, timeZone: string): { content: AssignmentContent; groupId: string | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw badRequest("The editor sent something unreadable; reload the page.");
  }
  const p = parse(payloadSchema, raw, "assignment");
  const fieldErrors: Record<string, string[]> = {};
  const date = (key: DateKey): Date | null => {
    if (p[key].trim() === "") return null;
    const d = zonedLocalToUtc(p[key].trim(), timeZone);
    if (!d) fieldErrors[key] = ["Enter a date and time."];
    return d;
  };
  let attemptLimit: number | null = null;
  if (p.attemptLimit !== "") {
    if (!/^\d+$/.test(p.attemptLimit)) fieldErrors.attemptLimit = ["Enter a whole number, or leave empty for unlimited."];
    else attemptLimit = Number(p.attemptLimit);
  }
  const candidate = {
    ...(raw as Record<string, unknown>),
    // The editor is Python's: a notebook assignment is never made or edited through it (nor by a crafted post).
    kind: "python",
    points: p.points,
    attemptLimit,
    gradingTimeLimitMs: Math.round(p.gradingTimeLimitSeconds * 1000),
    opensAt: date("opensAt"),
    dueAt: date("dueAt"),
    lockAt: date("lockAt"),
  };
  delete (candidate as Record<string, unknown>).groupId;
  delete (candidate as Record<string, unknown>).gradingTimeLimitSeconds;
  if (Object.keys(fieldErrors).length) throw badRequest("Some fields need attention.", fieldErrors);
  const content = parse(assignmentContentSchema, candidate, "assignment");
  return { content, groupId: p.groupId || null };
}
