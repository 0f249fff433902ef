import { errorResponse } from "@/lib/http";
import { HttpError } from "@/lib/errors";
import { insertDevLmsCall, updateDevLmsCallCounter } from "@/lib/models/dev-lms-ags";
import { decideFault, decideLostResponse, faultResponse, lostResponse } from "./faults";
import { bearerGrant } from "./oauth";
import { requireDevLms } from "./platform";

export type Grant = { clientId: string; scopes: string[] };

const MAX_BODY_BYTES = 64 * 1024;

type Options = {
  /** A name for the recorded call, e.g. "ags.scores". */
  service: string;
  contextId: string;
  /** The call is allowed when the token carries any of these scopes. */
  anyScope: string[];
  /** AGS calls are subject to failure injection; NRPS is not. */
  injectFaults: boolean;
};

async function readBody(req: Request): Promise<string | null> {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "DELETE") return null;
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, "payload_too_large", "Body too large.");
  return text;
}

function asJson(text: string | null): unknown {
  if (text === null || text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return { unparsed: text.slice(0, 2000) };
  }
}

/**
 * Runs one LTI service call (AGS or NRPS): bearer token and scope check (Security Framework §4.1), failure injection,
 * the work, and a recorded call row whatever happened, so tests can assert on exactly what the tool sent.
 */
export async function serviceCall(
  req: Request,
  options: Options,
  work: (ctx: { grant: Grant; bodyText: string | null }) => Promise<Response>,
): Promise<Response> {
  requireDevLms();
  let grant: Grant | null = null;
  let bodyText: string | null = null;
  let injected: "error" | "rate_limit" | "lost_response" | null = null;
  let response: Response;
  try {
    bodyText = await readBody(req);
    grant = await bearerGrant(req.headers.get("authorization"));
    if (!grant) throw new HttpError(401, "unauthorized", "A valid access token is required (Authorization: Bearer).");
    if (!options.anyScope.some((s) => grant!.scopes.includes(s))) {
      throw new HttpError(403, "insufficient_scope", `This call needs one of these scopes: ${options.anyScope.join(", ")}.`);
    }
    const [settings, callNumber] = options.injectFaults ? await counted() : [null, 0];
    const fault = settings ? decideFault(settings, callNumber) : null;
    if (fault) {
      injected = fault.kind;
      response = faultResponse(fault);
    } else {
      response = await work({ grant, bodyText });
      if (settings && req.method !== "GET" && response.ok && decideLostResponse(settings, callNumber)) {
        injected = "lost_response";
        response = lostResponse();
      }
    }
  } catch (error) {
    response = errorResponse(error, { service: options.service });
  }
  const responseBody = response.status === 204 ? null : asJson(await response.clone().text());
  await insertDevLmsCall({
    values: {
      clientId: grant?.clientId ?? null,
      contextId: options.contextId,
      service: options.service,
      method: req.method,
      url: req.url,
      status: response.status,
      injected,
      contentType: req.headers.get("content-type"),
      requestBody: asJson(bodyText),
      responseBody,
    },
  });
  return response;
}

async function counted() {
  const settings = await updateDevLmsCallCounter();
  return [settings, settings.callCounter] as const;
}
