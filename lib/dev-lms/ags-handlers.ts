import { z } from "zod";
import { HttpError } from "@/lib/errors";
import { parse } from "@/lib/http";
import {
  deleteDevLmsLineItem,
  insertDevLmsLineItem,
  insertDevLmsScore,
  selectDevLmsLineItem,
  selectDevLmsLineItems,
  selectDevLmsResults,
  updateDevLmsLineItem,
} from "@/lib/models/dev-lms-ags";
import { lineItemInput, lineItemJson, lineItemValues, MEDIA, pagingLinks, pagingQuery, resultJson, scoreInput } from "./ags";
import { findPerson } from "./people";
import { platformUrls, requestOrigin } from "./platform";
import { SCOPES } from "./scopes";
import { serviceCall } from "./service";

/** The AGS 2.0 endpoints of the dev LMS; app/dev/lms/api/contexts/[contextId]/lineitems/** route files call these. */

const READ_LINE_ITEMS = [SCOPES.lineItem, SCOPES.lineItemReadonly];
const DEFAULT_LIMIT = 100;

function json(body: unknown, contentType: string, init: ResponseInit = {}) {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { ...(init.headers as Record<string, string>), "Content-Type": contentType },
  });
}

function jsonBody(text: string | null): unknown {
  if (!text?.trim()) throw new HttpError(400, "bad_request", "Request body is empty; expected JSON.");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "bad_request", "Request body is not valid JSON.");
  }
}

function requireContentType(req: Request, expected: string) {
  const got = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (got !== expected) throw new HttpError(415, "unsupported_media_type", `Content-Type must be ${expected} (got "${got}").`);
}

const listQuery = z.object({
  ...pagingQuery,
  resource_link_id: z.string().optional(),
  resource_id: z.string().optional(),
  tag: z.string().optional(),
});

/** GET line items container (§3.2.4 paging, §3.2.6 filters). */
export function getLineItems(req: Request, contextId: string) {
  return serviceCall(req, { service: "ags.lineitems.get", contextId, anyScope: READ_LINE_ITEMS, injectFaults: true }, async ({ grant }) => {
    const q = parse(listQuery, Object.fromEntries(new URL(req.url).searchParams), "query");
    const limit = q.limit ?? DEFAULT_LIMIT;
    const offset = q.offset ?? 0;
    const rows = await selectDevLmsLineItems({
      scope: { clientId: grant.clientId, contextId },
      filters: { resourceLinkId: q.resource_link_id, resourceId: q.resource_id, tag: q.tag },
      limit: limit + 1,
      offset,
    });
    const urls = platformUrls(requestOrigin(req));
    const page = rows.slice(0, limit).map((r) => lineItemJson(r, urls));
    return json(page, MEDIA.lineItemContainer, {
      headers: { Link: pagingLinks(req, { limit, offset, hasMore: rows.length > limit }) },
    });
  });
}

/** POST a new line item to the container (§3.2.5). */
export function postLineItem(req: Request, contextId: string) {
  return serviceCall(req, { service: "ags.lineitems.post", contextId, anyScope: [SCOPES.lineItem], injectFaults: true }, async ({ grant, bodyText }) => {
    requireContentType(req, MEDIA.lineItem);
    const input = parse(lineItemInput, jsonBody(bodyText), "line item");
    const row = await insertDevLmsLineItem({ scope: { clientId: grant.clientId, contextId }, values: lineItemValues(input) });
    return json(lineItemJson(row, platformUrls(requestOrigin(req))), MEDIA.lineItem, { status: 201 });
  });
}

type ItemRoute = { contextId: string; lineItemId: string };

/** GET, PUT or DELETE one line item (§3.2.7–3.2.9). */
export function lineItemCall(req: Request, { contextId, lineItemId }: ItemRoute) {
  const method = req.method.toLowerCase();
  const anyScope = req.method === "GET" ? READ_LINE_ITEMS : [SCOPES.lineItem];
  return serviceCall(req, { service: `ags.lineitem.${method}`, contextId, anyScope, injectFaults: true }, async ({ grant, bodyText }) => {
    const scope = { clientId: grant.clientId, contextId };
    const item = await selectDevLmsLineItem({ scope, unsafeLineItemId: lineItemId });
    const urls = platformUrls(requestOrigin(req));
    if (req.method === "DELETE") {
      await deleteDevLmsLineItem({ lineItem: item });
      return new Response(null, { status: 204 });
    }
    if (req.method === "PUT") {
      requireContentType(req, MEDIA.lineItem);
      const input = parse(lineItemInput, jsonBody(bodyText), "line item");
      const updated = await updateDevLmsLineItem({ lineItem: item, values: lineItemValues(input) });
      return json(lineItemJson(updated, urls), MEDIA.lineItem);
    }
    return json(lineItemJson(item, urls), MEDIA.lineItem);
  });
}

/**
 * POST a score (§3.4). Every valid post is recorded; the result keeps the latest by timestamp. An older timestamp than
 * the one on record is answered 409 (as Canvas does); the same timestamp again is accepted without change (a retry).
 */
export function postScore(req: Request, { contextId, lineItemId }: ItemRoute) {
  return serviceCall(req, { service: "ags.scores.post", contextId, anyScope: [SCOPES.score], injectFaults: true }, async ({ grant, bodyText }) => {
    const item = await selectDevLmsLineItem({ scope: { clientId: grant.clientId, contextId }, unsafeLineItemId: lineItemId });
    requireContentType(req, MEDIA.score);
    const score = parse(scoreInput, jsonBody(bodyText), "score");
    if (!findPerson(score.userId)) {
      throw new HttpError(422, "unknown_user", `User ${score.userId} is not a member of this course.`);
    }
    const { stale } = await insertDevLmsScore({
      values: {
        lineItemId: item.id,
        userId: score.userId,
        scoreGiven: score.scoreGiven ?? null,
        scoreMaximum: score.scoreMaximum ?? null,
        comment: score.comment ?? null,
        activityProgress: score.activityProgress,
        gradingProgress: score.gradingProgress,
        timestampText: score.timestamp,
        body: score as Record<string, unknown>,
      },
    });
    if (stale) {
      throw new HttpError(409, "stale_timestamp", `A score with a later timestamp than ${score.timestamp} is already on record.`);
    }
    const urls = platformUrls(requestOrigin(req));
    const resultUrl = `${urls.lineItem(contextId, item.id)}/results/${encodeURIComponent(score.userId)}`;
    return Response.json({ resultUrl });
  });
}

const resultsQuery = z.object({ ...pagingQuery, user_id: z.string().optional() });

/** GET results (§3.3): the current result per user, paged. */
export function getResults(req: Request, { contextId, lineItemId }: ItemRoute) {
  return serviceCall(req, { service: "ags.results.get", contextId, anyScope: [SCOPES.resultReadonly], injectFaults: true }, async ({ grant }) => {
    const item = await selectDevLmsLineItem({ scope: { clientId: grant.clientId, contextId }, unsafeLineItemId: lineItemId });
    const q = parse(resultsQuery, Object.fromEntries(new URL(req.url).searchParams), "query");
    const limit = q.limit ?? DEFAULT_LIMIT;
    const offset = q.offset ?? 0;
    const all = await selectDevLmsResults({ lineItemId: item.id, userId: q.user_id });
    const urls = platformUrls(requestOrigin(req));
    const page = all.slice(offset, offset + limit).map((s) => resultJson(s, item, urls));
    return json(page, MEDIA.resultContainer, {
      headers: { Link: pagingLinks(req, { limit, offset, hasMore: all.length > offset + limit }) },
    });
  });
}
