import { randomUUID } from "node:crypto";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { bodyHash, isValidSignature, parseAuthorizationHeader } from "@/lib/lti11/oauth1";
import { insertDevLmsUsedJti } from "@/lib/models/dev-lms";
import { insertDevLmsCall, updateDevLmsCallCounter } from "@/lib/models/dev-lms-ags";
import {
  insertDevLmsLti11Outcome,
  selectDevLmsLti11Outcomes,
  selectOptionalDevLmsLti11Tool,
  type DevLmsLti11Outcome,
  type DevLmsLti11Tool,
} from "@/lib/models/dev-lms-lti11";
import { decideFault, decideLostResponse } from "./faults";
import { lti11ClientId, parseSourcedId } from "./lti11-launch";

/**
 * The dev LMS's Basic Outcomes service (LTI 1.1 Implementation Guide §6, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-26),
 * with Canvas's behaviour (instructure/canvas-lms lib/basic_lti/basic_outcomes.rb): every call is OAuth 1.0a signed
 * with oauth_body_hash; replaceResult takes a score in 0.0–1.0 ("bad_score" otherwise), Canvas's resultData/
 * ltiLaunchUrl and submissionDetails/submittedAt; readResult answers the current score; deleteResult clears it.
 * Failure injection (the course page's settings) fails calls before any work, or loses the response of one that
 * was applied; a tool's outcomeFailure answers every replaceResult with failure and that description.
 */
const NAMESPACE = "http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0";
const MAX_BODY = 64 * 1024;
const WINDOW_S = 5 * 60;
const OPERATIONS = ["replaceResult", "readResult", "deleteResult"] as const;
type Operation = (typeof OPERATIONS)[number];

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, processEntities: false, ignoreAttributes: true, trimValues: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", processEntities: true });

function pox(input: { codeMajor: "success" | "failure" | "unsupported"; description: string; operation: string; messageRef: string; body?: Record<string, unknown>; errorCode?: string }) {
  const xml = builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    imsx_POXEnvelopeResponse: {
      "@_xmlns": NAMESPACE,
      imsx_POXHeader: {
        imsx_POXResponseHeaderInfo: {
          imsx_version: "V1.0",
          imsx_messageIdentifier: randomUUID(),
          imsx_statusInfo: {
            imsx_codeMajor: input.codeMajor,
            imsx_severity: input.codeMajor === "success" ? "status" : "error",
            imsx_description: input.description,
            imsx_messageRefIdentifier: input.messageRef,
            imsx_operationRefIdentifier: input.operation,
            ...(input.errorCode && { ext_canvas_error_code: input.errorCode }),
          },
        },
      },
      imsx_POXBody: input.body ?? { [`${input.operation}Response`]: "" },
    },
  });
  return xml;
}

type Outcome = { status: number; xml: string; injected?: "error" | "rate_limit" | "lost_response"; retryAfter?: number };

const failure = (description: string, operation = "unknown", messageRef = "", errorCode?: string): Outcome => ({
  status: 200,
  xml: pox({ codeMajor: "failure", description, operation, messageRef, errorCode }),
});

/** Checks the OAuth signature, body hash, timestamp and nonce of a call; the tool it came from, or why not. */
async function authenticate(req: Request, url: string, body: string): Promise<DevLmsLti11Tool | string> {
  const oauth = parseAuthorizationHeader(req.headers.get("authorization"));
  if (!oauth) return "Missing or malformed OAuth Authorization header";
  const p = Object.fromEntries(oauth);
  const tool = p.oauth_consumer_key ? await selectOptionalDevLmsLti11Tool({ consumerKey: p.oauth_consumer_key }) : null;
  if (!tool) return "Unknown consumer key";
  if (p.oauth_signature_method !== "HMAC-SHA1") return "Unsupported signature method";
  if (p.oauth_body_hash !== bodyHash(body)) return "oauth_body_hash does not match the body";
  const skew = Number(p.oauth_timestamp) - Math.floor(Date.now() / 1000);
  if (!Number.isFinite(skew) || Math.abs(skew) > WINDOW_S) return "Timestamp outside the accepted window";
  const signed = [...new URL(url).searchParams, ...oauth.filter(([k]) => k !== "realm")];
  if (!isValidSignature({ method: "POST", url, params: signed, consumerSecret: tool.secret, signature: p.oauth_signature ?? "" })) {
    return "Message signature not valid"; // Canvas's words
  }
  const fresh = await insertDevLmsUsedJti({ issuer: `lti11:${tool.consumerKey}`, jti: p.oauth_nonce ?? "", expiresAt: new Date(Date.now() + 2 * WINDOW_S * 1000) });
  if (!fresh || !p.oauth_nonce) return "Nonce already used";
  return tool;
}

async function operate(tool: DevLmsLti11Tool, body: string): Promise<Outcome & { apply?: () => Promise<void> }> {
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(body);
  } catch {
    return failure("The body is not XML");
  }
  const envelope = tree.imsx_POXEnvelopeRequest as Record<string, Record<string, unknown>> | undefined;
  const messageRef = String((envelope?.imsx_POXHeader?.imsx_POXRequestHeaderInfo as Record<string, unknown> | undefined)?.imsx_messageIdentifier ?? "");
  const requestBody = (envelope?.imsx_POXBody ?? {}) as Record<string, Record<string, unknown>>;
  const name = Object.keys(requestBody)[0] ?? "";
  const operation = name.replace(/Request$/, "");
  if (!(OPERATIONS as readonly string[]).includes(operation)) {
    return { status: 200, xml: pox({ codeMajor: "unsupported", description: `${operation || "This operation"} is not supported`, operation: operation || "unknown", messageRef }) };
  }
  const op = operation as Operation;
  const request = requestBody[name] ?? {};
  const record = (request.resultRecord ?? {}) as Record<string, Record<string, unknown>>;
  const sourcedId = String(record.sourcedGUID?.sourcedId ?? "");
  const target = parseSourcedId(tool, sourcedId);
  if (!target) return failure("Invalid sourcedid", op, messageRef, "invalid_sourcedid");
  const result = (record.result ?? {}) as Record<string, Record<string, unknown>>;
  const base = { consumerKey: tool.consumerKey, sourcedId, resourceLinkId: target.linkId, userId: target.userId, operation: op };

  if (op === "readResult") {
    const current = await currentScore(tool, sourcedId);
    await insertDevLmsLti11Outcome({ values: { ...base, codeMajor: "success", description: "Result read" } });
    const body = { readResultResponse: { result: { resultScore: { language: "en", textString: current ?? "" } } } };
    return { status: 200, xml: pox({ codeMajor: "success", description: "Result read", operation: op, messageRef, body }) };
  }
  if (op === "deleteResult") {
    const apply = async () => void (await insertDevLmsLti11Outcome({ values: { ...base, codeMajor: "success", description: "Result deleted" } }));
    return { status: 200, xml: pox({ codeMajor: "success", description: "Result deleted", operation: op, messageRef }), apply };
  }
  const raw = result.resultScore?.textString;
  const score = raw === undefined || raw === "" ? null : String(raw);
  if (score !== null && !(/^\d+(\.\d+)?$/.test(score) && Number(score) >= 0 && Number(score) <= 1)) {
    return failure("Score is not between 0 and 1", op, messageRef, "bad_score");
  }
  if (tool.outcomeFailure) return failure(tool.outcomeFailure, op, messageRef, "injected");
  const details = request.submissionDetails as Record<string, unknown> | undefined;
  const values = {
    ...base,
    score,
    submittedAt: details?.submittedAt ? String(details.submittedAt) : null,
    ltiLaunchUrl: result.resultData?.ltiLaunchUrl ? String(result.resultData.ltiLaunchUrl) : null,
    codeMajor: "success",
    description: score === null ? "Submission recorded" : `Score set to ${score}`,
  };
  const apply = async () => void (await insertDevLmsLti11Outcome({ values }));
  return { status: 200, xml: pox({ codeMajor: "success", description: values.description, operation: op, messageRef }), apply };
}

/** A gradebook cell: the result a sourcedId holds now (latest replaceResult score unless deleted after it). */
export type Lti11Result = { sourcedId: string; linkId: string; userId: string; score: string | null; submittedAt: string | null; ltiLaunchUrl: string | null; writes: number };

/** The current result of each sourcedId from its recorded calls (oldest first). */
export function resultsFromOutcomes(rows: DevLmsLti11Outcome[]): Lti11Result[] {
  const results = new Map<string, Lti11Result>();
  for (const r of rows) {
    if (r.codeMajor !== "success" || r.operation === "readResult") continue;
    const cell = results.get(r.sourcedId) ?? { sourcedId: r.sourcedId, linkId: r.resourceLinkId, userId: r.userId, score: null, submittedAt: null, ltiLaunchUrl: null, writes: 0 };
    cell.writes++;
    if (r.operation === "deleteResult") Object.assign(cell, { score: null, submittedAt: null, ltiLaunchUrl: null });
    else {
      if (r.score !== null) cell.score = r.score;
      cell.submittedAt = r.submittedAt ?? cell.submittedAt;
      cell.ltiLaunchUrl = r.ltiLaunchUrl ?? cell.ltiLaunchUrl;
    }
    results.set(r.sourcedId, cell);
  }
  return [...results.values()];
}

async function currentScore(tool: DevLmsLti11Tool, sourcedId: string): Promise<string | null> {
  const [result] = resultsFromOutcomes(await selectDevLmsLti11Outcomes({ consumerKey: tool.consumerKey, sourcedId }));
  return result?.score ?? null;
}

/** POST /dev/lms/lti11/outcomes: one Basic Outcomes call, recorded in dev_lms_calls whatever the answer. */
export async function handleOutcomeRequest(req: Request, url: string): Promise<Response> {
  const body = (await req.text()).slice(0, MAX_BODY + 1);
  let outcome: Outcome;
  let tool: DevLmsLti11Tool | null = null;
  if (body.length > MAX_BODY) outcome = failure("The request is too large");
  else {
    const auth = await authenticate(req, url, body);
    if (typeof auth === "string") outcome = failure(auth);
    else {
      tool = auth;
      const settings = await updateDevLmsCallCounter();
      const fault = decideFault(settings, settings.callCounter);
      if (fault?.kind === "error") outcome = { status: fault.status, xml: "<html><body><h1>Service unavailable</h1></body></html>", injected: "error" };
      else if (fault?.kind === "rate_limit") outcome = { status: 429, xml: "Too many requests", injected: "rate_limit", retryAfter: fault.retryAfterSeconds };
      else {
        const result = await operate(tool, body);
        await result.apply?.();
        const lost = result.apply && decideLostResponse(settings, settings.callCounter);
        outcome = lost ? { status: 502, xml: "<html><body><h1>502 Bad Gateway</h1></body></html>", injected: "lost_response" } : result;
      }
    }
  }
  await insertDevLmsCall({
    values: {
      clientId: tool ? lti11ClientId(tool.consumerKey) : null,
      contextId: null,
      service: "basic_outcomes",
      method: "POST",
      url,
      status: outcome.status,
      injected: outcome.injected ?? null,
      contentType: req.headers.get("content-type"),
      requestBody: { xml: body.slice(0, 8000) },
      responseBody: { xml: outcome.xml.slice(0, 8000) },
    },
  });
  const contentType = outcome.status === 200 ? "application/xml; charset=utf-8" : "text/html; charset=utf-8";
  return new Response(outcome.xml, {
    status: outcome.status,
    headers: { "content-type": contentType, ...(outcome.retryAfter !== undefined && { "retry-after": String(outcome.retryAfter) }) },
  });
}
