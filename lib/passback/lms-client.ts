import type { LmsFailure } from "./retry-policy";
import type { ScorePayload } from "./score-payload";

export type LmsResult<T> = { ok: true; value: T } | { ok: false; failure: LmsFailure };

/** The AGS calls grade passback needs; the real one speaks to the LMS (lib/lti), tests use a fake. */
export type AgsClient = {
  /** POSTs a score to `{lineItem}/scores` with the platform's access token (scope …/scope/score). */
  postScore(input: { platformId: string; lineItemUrl: string; payload: ScorePayload }): Promise<LmsResult<null>>;
  /** Line items of the container filtered by resource_link_id (AGS §3.2.5). */
  listLineItems(input: { platformId: string; lineItemsUrl: string; resourceLinkId: string }): Promise<LmsResult<{ id: string; resourceId?: string }[]>>;
  /** Creates a line item bound to the resource link (AGS §3.2.4); returns its URL. */
  createLineItem(input: {
    platformId: string;
    lineItemsUrl: string;
    lineItem: { label: string; scoreMaximum: number; resourceId: string; resourceLinkId: string };
  }): Promise<LmsResult<string>>;
};
