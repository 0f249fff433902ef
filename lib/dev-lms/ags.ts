import { z } from "zod";
import type { DevLmsLineItem, DevLmsScore } from "@/lib/models/dev-lms-ags";
import type { PlatformUrls } from "./platform";

/**
 * Assignment and Grade Services 2.0 (https://www.imsglobal.org/spec/lti-ags/v2p0): media types, payload shapes and
 * validation. Route handlers under app/dev/lms/api use these.
 */

export const MEDIA = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  resultContainer: "application/vnd.ims.lis.v2.resultcontainer+json",
  membershipContainer: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

// ISO 8601 date-time with a zone, as AGS requires for timestamps and line item dates.
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, "must be an ISO 8601 date-time with a time zone")
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be a real date-time");

/** A line item as the tool sends it (§3.2.7); `id` is ignored on input. */
export const lineItemInput = z.object({
  id: z.string().optional(),
  scoreMaximum: z.number().positive("must be greater than 0"),
  label: z.string().trim().min(1, "is required").max(500),
  resourceLinkId: z.string().min(1).max(255).optional(),
  resourceId: z.string().max(255).optional(),
  tag: z.string().max(255).optional(),
  startDateTime: isoDateTime.optional(),
  endDateTime: isoDateTime.optional(),
  gradesReleased: z.boolean().optional(),
});

export type LineItemInput = z.infer<typeof lineItemInput>;

export function lineItemValues(input: LineItemInput) {
  return {
    label: input.label,
    scoreMaximum: input.scoreMaximum,
    resourceLinkId: input.resourceLinkId ?? null,
    resourceId: input.resourceId ?? null,
    tag: input.tag ?? null,
    startDateTime: input.startDateTime ?? null,
    endDateTime: input.endDateTime ?? null,
    gradesReleased: input.gradesReleased ?? null,
  };
}

/** A line item as the platform returns it: `id` is its URL. */
export function lineItemJson(item: DevLmsLineItem, urls: PlatformUrls) {
  return {
    id: urls.lineItem(item.contextId, item.id),
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    ...(item.resourceLinkId !== null && { resourceLinkId: item.resourceLinkId }),
    ...(item.resourceId !== null && { resourceId: item.resourceId }),
    ...(item.tag !== null && { tag: item.tag }),
    ...(item.startDateTime !== null && { startDateTime: item.startDateTime }),
    ...(item.endDateTime !== null && { endDateTime: item.endDateTime }),
    ...(item.gradesReleased !== null && { gradesReleased: item.gradesReleased }),
  };
}

/** A score POST body (§3.4.2–3.4.8). Unknown fields (e.g. Canvas's submission extension) are kept as sent. */
export const scoreInput = z
  .object({
    userId: z.string().min(1, "is required").max(255),
    scoreGiven: z.number().min(0, "must not be negative").optional(),
    scoreMaximum: z.number().positive("must be greater than 0").optional(),
    comment: z.string().max(10_000).optional(),
    activityProgress: z.enum(["Initialized", "Started", "InProgress", "Submitted", "Completed"]),
    gradingProgress: z.enum(["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"]),
    timestamp: isoDateTime,
  })
  .passthrough()
  .superRefine((s, ctx) => {
    // §3.4.4: scoreMaximum is required whenever scoreGiven is present.
    if (s.scoreGiven !== undefined && s.scoreMaximum === undefined) {
      ctx.addIssue({ code: "custom", path: ["scoreMaximum"], message: "is required when scoreGiven is present" });
    }
  });

export type ScoreInput = z.infer<typeof scoreInput>;

/** The result container entry for a user's current score (§3.3.6). */
export function resultJson(score: DevLmsScore, lineItem: DevLmsLineItem, urls: PlatformUrls) {
  const lineItemUrl = urls.lineItem(lineItem.contextId, lineItem.id);
  // Results are expressed against the score's own maximum, normalised to the line item's when they differ.
  const scale = score.scoreMaximum && score.scoreMaximum !== lineItem.scoreMaximum ? lineItem.scoreMaximum / score.scoreMaximum : 1;
  return {
    id: `${lineItemUrl}/results/${encodeURIComponent(score.userId)}`,
    scoreOf: lineItemUrl,
    userId: score.userId,
    ...(score.scoreGiven !== null && { resultScore: score.scoreGiven * scale, resultMaximum: lineItem.scoreMaximum }),
    ...(score.comment !== null && { comment: score.comment }),
    timestamp: score.timestampText,
  };
}

export const pagingQuery = {
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};

/**
 * A `Link` header for container paging (AGS 2.0 §3.2.4, NRPS 2.0 §2.4.1): rel="next" while more remain, and
 * rel="first". Other query parameters (filters) are kept.
 */
export function pagingLinks(req: Request, { limit, offset, hasMore }: { limit: number; offset: number; hasMore: boolean }) {
  const link = (o: number) => {
    const url = new URL(req.url);
    url.searchParams.set("limit", String(limit));
    url.searchParams.set("offset", String(o));
    return url.toString();
  };
  const parts = [`<${link(0)}>; rel="first"`];
  if (hasMore) parts.push(`<${link(offset + limit)}>; rel="next"`);
  if (offset > 0) parts.push(`<${link(Math.max(0, offset - limit))}>; rel="prev"`);
  return parts.join(", ");
}
