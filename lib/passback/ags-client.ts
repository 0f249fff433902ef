import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { withoutNulls } from "@/lib/lti/claims";
import type { FetchLike } from "@/lib/lti/ltijs-http";
import { callLtijs, ltijsIdToken, type LtijsCallFailure, type LtiServices } from "@/lib/lti/ltijs-services";
import { findPlatformById } from "@/lib/lti/registry-cache";
import type { LtiPlatform } from "@/lib/models/lti-platforms";
import type { AgsClient, LmsResult } from "./lms-client";
import type { LmsFailure } from "./retry-policy";
import type { ScorePayload } from "./score-payload";

const MAX_PAGES = 20;

const lineItem = z.object({ id: z.url(), resourceId: z.string().optional(), resourceLinkId: z.string().optional() });

/**
 * The LMS's own words from an error body, else the text: Canvas `{errors:[{message}]}`, OAuth2 `error_description`,
 * `{message}`, `{error: "…"}` and `{error: {code, message}}` (the dev LMS, many JSON APIs).
 */
function lmsMessage(body: string): string {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  const candidates = [json?.errors?.[0]?.message, json?.error_description, json?.message, json?.error, json?.error?.message];
  return candidates.find((c): c is string => typeof c === "string" && c.trim() !== "") ?? body;
}

function failureFrom(failure: LtijsCallFailure, unreadable: string): LmsFailure {
  switch (failure.kind) {
    case "network":
      return { status: null, message: failure.tokenEndpoint ? failure.message.replace("The LMS", "The LMS token endpoint") : failure.message };
    case "inactive":
      return { status: null, message: failure.message };
    case "unreadable":
      return { status: 502, message: failure.tokenEndpoint ? "The LMS token endpoint answered with something that is not a token." : unreadable };
    case "http": {
      const { status, headers, tokenEndpoint } = failure;
      const body = failure.body.slice(0, 500);
      const message = tokenEndpoint
        ? `The LMS refused an access token (${status}): ${body.slice(0, 300)}`
        : `${status} ${lmsMessage(body).trim() || (STATUS_CODES[status] ?? "")}`;
      return {
        status,
        retryAfter: headers["retry-after"] ?? null,
        message: message.trim(),
        // Canvas throttles with 403 "Rate Limit Exceeded" (https://canvas.instructure.com/doc/api/file.throttling.html).
        rateLimited: status === 403 && (/rate limit/i.test(body) || headers["x-rate-limit-remaining"] === "0"),
      };
    }
  }
}

/**
 * ltijs' `submitScore` sets `score.timestamp` to the time of sending (Grade.js l.348). AGS §3.4 wants the time of the
 * grade change (https://www.imsglobal.org/spec/lti-ags/v2p0#timestamp): platforms keep the score with the latest
 * timestamp, so a retried older grade must not overtake a newer one, and a retry must resend the same instant. The
 * property ignores ltijs' write; it is an accessor with a no-op setter because ltijs runs in strict mode, where
 * writing a read-only property throws.
 */
function pinnedScore(payload: ScorePayload): Record<string, unknown> {
  // ltijs fills a missing userId from the launch (we have none) and GETs the line item for a missing scoreMaximum.
  if (!payload.userId) throw new Error("An AGS score needs a userId.");
  if (payload.scoreGiven !== undefined && payload.scoreMaximum === undefined) throw new Error("An AGS score with scoreGiven needs scoreMaximum (§3.4.4).");
  const score: Record<string, unknown> = { ...payload };
  const { timestamp } = payload;
  Object.defineProperty(score, "timestamp", { get: () => timestamp, set: () => {}, enumerable: true });
  return score;
}

/** The line item URL without trailing slashes, so ltijs' `{lineitem}/scores` has a single slash. */
function lineItemBase(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = parsed.pathname.replace(/\/+$/, "") || "/";
  return parsed.toString();
}

async function platformRow(platformId: string): Promise<LtiPlatform> {
  const row = await findPlatformById(platformId);
  if (!row) throw new Error(`LTI platform ${platformId} is not registered.`);
  return row;
}

/**
 * The AGS client over ltijs' Grade service: access tokens from ltijs (cached in its `accesstoken` collection), one
 * retry with a fresh token after a 401, the LMS's failures as LmsFailure. `fetchImpl` replaces HTTP (tests).
 */
export function createAgsClient(fetchImpl?: FetchLike): AgsClient {
  async function call<T>(platform: LtiPlatform, run: (services: LtiServices) => Promise<T>, unreadable: string): Promise<LmsResult<T>> {
    const result = await callLtijs(platform, run, { fetch: fetchImpl });
    return result.ok ? result : { ok: false, failure: failureFrom(result.failure, unreadable) };
  }

  return {
    async postScore({ platformId, lineItemUrl, payload }) {
      const platform = await platformRow(platformId);
      const score = pinnedScore(payload);
      const result = await call(
        platform,
        ({ grade }) => grade.submitScore(ltijsIdToken(platform), lineItemBase(lineItemUrl), score),
        "The LMS sent an unreadable answer to a score.",
      );
      return result.ok ? { ok: true, value: null } : result;
    },

    async listLineItems({ platformId, lineItemsUrl, resourceLinkId }) {
      const platform = await platformRow(platformId);
      const idtoken = ltijsIdToken(platform, { endpoint: { lineitems: lineItemsUrl }, resource: { id: resourceLinkId } });
      const items: z.infer<typeof lineItem>[] = [];
      let next: string | undefined;
      // AGS §3.2.3 paging: the first page filtered by resource_link_id (§3.2.5), then the `rel="next"` links.
      for (let page = 0; page < MAX_PAGES && (page === 0 || next); page++) {
        const options = page === 0 ? { resourceLinkId: true } : { url: next };
        const result = await call(platform, ({ grade }) => grade.getLineItems(idtoken, options), "The LMS sent an unreadable line item list.");
        if (!result.ok) return result;
        // Platforms send `"resourceId": null` / `"tag": null` for unset fields: null means absent.
        const parsed = z.array(lineItem).safeParse(withoutNulls(result.value.lineItems));
        if (!parsed.success) return { ok: false, failure: { status: 502, message: "The LMS sent an unreadable line item list." } };
        // Some platforms ignore the filter; keep the link's items and those bound to no link.
        items.push(...parsed.data.filter((li) => !li.resourceLinkId || li.resourceLinkId === resourceLinkId));
        next = result.value.next;
      }
      return { ok: true, value: items };
    },

    async createLineItem({ platformId, lineItemsUrl, lineItem: item }) {
      const platform = await platformRow(platformId);
      const idtoken = ltijsIdToken(platform, { endpoint: { lineitems: lineItemsUrl } });
      const result = await call(platform, ({ grade }) => grade.createLineItem(idtoken, { ...item }), "The LMS created a line item without an id.");
      if (!result.ok) return result;
      const parsed = lineItem.safeParse(result.value);
      if (!parsed.success) return { ok: false, failure: { status: 502, message: "The LMS created a line item without an id." } };
      return { ok: true, value: parsed.data.id };
    },
  };
}

/** The `rel="next"` target of an RFC 8288 Link header (AGS §3.2.3 paging), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = part.match(/<([^>]+)>\s*;(.*)/);
    if (match && /rel\s*=\s*"?next"?/i.test(match[2])) return match[1];
  }
  return null;
}

let shared: AgsClient | undefined;
/** The process-wide AGS client. */
export function agsClient(): AgsClient {
  shared ??= createAgsClient();
  return shared;
}
