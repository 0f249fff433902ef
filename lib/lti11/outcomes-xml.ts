import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { z } from "zod";

/**
 * LTI 1.1 Basic Outcomes POX messages (LTI 1.1 Implementation Guide §6, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-26;
 * schema imsoms_v1p0). Built with fast-xml-parser's XMLBuilder, which escapes every text value, so a sourcedId or URL
 * can never inject markup; parsed with its XMLParser with entity processing off, so a hostile LMS response cannot
 * expand DOCTYPE entities (billion laughs, external entities). fast-xml-parser is maintained, has no dependencies
 * with known advisories, and is the parser the issue suggests instead of ims-lti's xml2js.
 */
export const POX_NAMESPACE = "http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0";

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", processEntities: true, suppressEmptyNode: false });
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  maxNestedTags: 30,
});

/** Canvas's Basic Outcomes extensions (Canvas "Grade Passback Tools", edu-apps.org/extensions/result_data.html). */
export type CanvasExtensions = {
  /** submissionDetails/submittedAt: when the student submitted (Canvas refuses more than a minute ahead). */
  submittedAt?: Date;
  /** resultData/ltiLaunchUrl: SpeedGrader launches this URL to show the student's work. */
  ltiLaunchUrl?: string;
};

function header(messageId: string) {
  return { imsx_POXRequestHeaderInfo: { imsx_version: "V1.0", imsx_messageIdentifier: messageId } };
}

function envelope(messageId: string, body: Record<string, unknown>): string {
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    imsx_POXEnvelopeRequest: { "@_xmlns": POX_NAMESPACE, imsx_POXHeader: header(messageId), imsx_POXBody: body },
  });
}

/**
 * The score as Basic Outcomes carries it: a decimal in 0.0–1.0 (§6.1.1; Canvas answers "bad_score" outside), at most
 * four decimals, "." as separator.
 */
export function outcomeScore(scoreGiven: number, scoreMaximum: number): string {
  const ratio = Math.min(1, Math.max(0, scoreGiven / scoreMaximum));
  return String(Number(ratio.toFixed(4)));
}

/** replaceResultRequest for one sourcedId; `score` null sends only Canvas's submission details (no grade yet). */
export function replaceResultXml({
  messageId,
  sourcedId,
  score,
  canvas,
}: {
  messageId: string;
  sourcedId: string;
  score: string | null;
  canvas?: CanvasExtensions;
}): string {
  const result: Record<string, unknown> = {};
  if (score !== null) result.resultScore = { language: "en", textString: score };
  if (canvas?.ltiLaunchUrl) result.resultData = { ltiLaunchUrl: canvas.ltiLaunchUrl };
  // Canvas's documented order: submissionDetails, then resultRecord.
  const request: Record<string, unknown> = canvas?.submittedAt ? { submissionDetails: { submittedAt: canvas.submittedAt.toISOString() } } : {};
  request.resultRecord = { sourcedGUID: { sourcedId }, result };
  return envelope(messageId, { replaceResultRequest: request });
}

/** readResultRequest: the score the LMS holds for one sourcedId. */
export function readResultXml({ messageId, sourcedId }: { messageId: string; sourcedId: string }): string {
  return envelope(messageId, { readResultRequest: { resultRecord: { sourcedGUID: { sourcedId } } } });
}

/** Only the five predefined XML entities and character references are decoded (never DOCTYPE-declared ones). */
function decodePredefined(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, name: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[name.toLowerCase()]) return named[name.toLowerCase()];
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const text = z.preprocess((v) => (v === undefined || v === null ? undefined : typeof v === "object" ? "" : String(v)), z.string().max(4000).optional());

const responseSchema = z.object({
  imsx_POXEnvelopeResponse: z.object({
    imsx_POXHeader: z.object({
      imsx_POXResponseHeaderInfo: z.object({
        imsx_statusInfo: z.object({
          imsx_codeMajor: text,
          imsx_severity: text,
          imsx_description: text,
          imsx_operationRefIdentifier: text,
        }),
      }),
    }),
    imsx_POXBody: z.preprocess((v) => (v && typeof v === "object" ? v : undefined), z
      .object({
        readResultResponse: z
          .object({ result: z.object({ resultScore: z.object({ textString: text }).optional() }).optional() })
          .optional(),
      })
      .passthrough()
      .optional()),
  }),
});

export type OutcomeResponse = {
  codeMajor: "success" | "processing" | "failure" | "unsupported";
  description: string;
  /** readResult only: the score the LMS holds (0.0–1.0), or null when it has none. */
  score: number | null;
};

/**
 * Parses an imsx_POXEnvelopeResponse. Null when the body is not one (an HTML error page, JSON, junk): the caller
 * reports the HTTP status and the start of the text instead.
 */
export function parseOutcomeResponse(xml: string): OutcomeResponse | null {
  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch {
    return null;
  }
  const parsed = responseSchema.safeParse(tree);
  if (!parsed.success) return null;
  const envelope = parsed.data.imsx_POXEnvelopeResponse;
  const status = envelope.imsx_POXHeader.imsx_POXResponseHeaderInfo.imsx_statusInfo;
  const codeMajor = (status.imsx_codeMajor ?? "").toLowerCase();
  if (!["success", "processing", "failure", "unsupported"].includes(codeMajor)) return null;
  const raw = envelope.imsx_POXBody?.readResultResponse?.result?.resultScore?.textString;
  const score = raw !== undefined && raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : null;
  return { codeMajor: codeMajor as OutcomeResponse["codeMajor"], description: decodePredefined(status.imsx_description ?? ""), score };
}
