import { z } from "zod";
import { AccessTokenError, forgetAccessToken, platformAccessToken, USER_AGENT, type FetchLike } from "@/lib/lti/access-token";
import type { AgsClient, LmsResult } from "./lms-client";
import type { LmsFailure } from "./retry-policy";
import { SCORE_CONTENT_TYPE, scoresUrl } from "./score-payload";

// AGS 2.0 scopes and media types: https://www.imsglobal.org/spec/lti-ags/v2p0#scopes-and-allowed-http-methods
export const SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
export const SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
const LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json";
const CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json";
const MAX_PAGES = 20;

const lineItem = z.object({ id: z.url(), resourceId: z.string().optional(), resourceLinkId: z.string().optional() });

async function failureFrom(response: Response): Promise<LmsFailure> {
  const body = (await response.text()).slice(0, 500);
  let message = body;
  try {
    const json = JSON.parse(body);
    message = json?.errors?.[0]?.message ?? json?.error_description ?? json?.message ?? json?.error ?? body;
  } catch {
    // Not JSON: keep the text.
  }
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    message: `${response.status} ${String(message).trim() || response.statusText}`.trim(),
    // Canvas throttles with 403 "Rate Limit Exceeded" (https://canvas.instructure.com/doc/api/file.throttling.html).
    rateLimited: response.status === 403 && (/rate limit/i.test(body) || response.headers.get("x-rate-limit-remaining") === "0"),
  };
}

/** The AGS client over HTTP: tokens from lib/lti, one retry with a fresh token after a 401, parsed responses. */
export function createAgsClient(fetchImpl: FetchLike = fetch): AgsClient {
  async function call(platformId: string, scopes: string[], url: string, init: RequestInit): Promise<LmsResult<Response>> {
    for (let tokenTry = 0; tokenTry < 2; tokenTry++) {
      let token: string;
      try {
        token = await platformAccessToken({ platformId, scopes }, fetchImpl);
      } catch (error) {
        if (error instanceof AccessTokenError) {
          return { ok: false, failure: { status: error.status, retryAfter: error.retryAfter, message: error.message } };
        }
        throw error;
      }
      let response: Response;
      try {
        response = await fetchImpl(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}`, "user-agent": USER_AGENT },
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        return { ok: false, failure: { status: null, message: `The LMS could not be reached (${(error as Error).message}).` } };
      }
      if (response.status === 401 && tokenTry === 0) {
        forgetAccessToken(platformId); // expired or revoked early: get a new one once
        continue;
      }
      if (!response.ok) return { ok: false, failure: await failureFrom(response) };
      return { ok: true, value: response };
    }
    return { ok: false, failure: { status: 401, message: "The LMS rejected Lantern's access token." } };
  }

  return {
    async postScore({ platformId, lineItemUrl, payload }) {
      const result = await call(platformId, [SCOPE_SCORE], scoresUrl(lineItemUrl), {
        method: "POST",
        headers: { "content-type": SCORE_CONTENT_TYPE },
        body: JSON.stringify(payload),
      });
      return result.ok ? { ok: true, value: null } : result;
    },

    async listLineItems({ platformId, lineItemsUrl, resourceLinkId }) {
      const items: z.infer<typeof lineItem>[] = [];
      const first = new URL(lineItemsUrl);
      first.searchParams.set("resource_link_id", resourceLinkId);
      let next: string | null = first.toString();
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const result = await call(platformId, [SCOPE_LINEITEM], next, { headers: { accept: CONTAINER_TYPE } });
        if (!result.ok) return result;
        const parsed = z.array(lineItem).safeParse(await result.value.json().catch(() => null));
        if (!parsed.success) return { ok: false, failure: { status: 502, message: "The LMS sent an unreadable line item list." } };
        items.push(...parsed.data.filter((li) => !li.resourceLinkId || li.resourceLinkId === resourceLinkId));
        next = nextLink(result.value.headers.get("link"));
      }
      return { ok: true, value: items };
    },

    async createLineItem({ platformId, lineItemsUrl, lineItem: item }) {
      const result = await call(platformId, [SCOPE_LINEITEM], lineItemsUrl, {
        method: "POST",
        headers: { "content-type": LINEITEM_TYPE, accept: LINEITEM_TYPE },
        body: JSON.stringify(item),
      });
      if (!result.ok) return result;
      const parsed = lineItem.safeParse(await result.value.json().catch(() => null));
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
