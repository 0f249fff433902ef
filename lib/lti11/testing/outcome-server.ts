import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import OAuth from "oauth-1.0a";
import { parseAuthorizationHeader } from "../oauth1";

export type OutcomeFault = "network" | "html502" | { status: number; retryAfter?: string } | { codeMajor: "failure" | "unsupported"; description: string };

const response = (codeMajor: string, description: string, operation: string, body = "") => `<?xml version="1.0" encoding="UTF-8"?>
<imsx_POXEnvelopeResponse xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0"><imsx_POXHeader><imsx_POXResponseHeaderInfo>
<imsx_version>V1.0</imsx_version><imsx_messageIdentifier>r1</imsx_messageIdentifier><imsx_statusInfo><imsx_codeMajor>${codeMajor}</imsx_codeMajor>
<imsx_severity>status</imsx_severity><imsx_description>${description}</imsx_description><imsx_operationRefIdentifier>${operation}</imsx_operationRefIdentifier>
</imsx_statusInfo></imsx_POXResponseHeaderInfo></imsx_POXHeader><imsx_POXBody>${body}</imsx_POXBody></imsx_POXEnvelopeResponse>`;

/**
 * A local HTTP Basic Outcomes service (a consumer's gradebook) for DB tests: checks each call's OAuth signature and
 * body hash with the independent oauth-1.0a package, keeps scores by sourcedId, and fails on demand.
 */
export async function startOutcomeServer({ consumerKey, secret }: { consumerKey: string; secret: string }) {
  const gradebook = new Map<string, { score: string | null; submittedAt?: string; ltiLaunchUrl?: string }>();
  const calls: { operation: string; sourcedId: string; signatureValid: boolean; bodyHashValid: boolean }[] = [];
  const faults: OutcomeFault[] = [];
  const oauth = new OAuth({
    consumer: { key: consumerKey, secret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
    body_hash_function: (body) => createHash("sha1").update(body).digest("base64"),
  });
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, processEntities: true });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = Object.fromEntries(parseAuthorizationHeader(req.headers.authorization ?? "") ?? []);
      const url = `http://${req.headers.host}${req.url}`;
      const expected = oauth.getSignature({ url, method: "POST", data: body, includeBodyHash: true }, "", {
        oauth_consumer_key: header.oauth_consumer_key,
        oauth_nonce: header.oauth_nonce,
        oauth_signature_method: header.oauth_signature_method,
        oauth_timestamp: header.oauth_timestamp,
        oauth_version: header.oauth_version,
        oauth_body_hash: header.oauth_body_hash,
      } as never);
      const tree = parser.parse(body)?.imsx_POXEnvelopeRequest?.imsx_POXBody ?? {};
      const operation = Object.keys(tree)[0]?.replace(/Request$/, "") ?? "unknown";
      const request = tree[`${operation}Request`] ?? {};
      const sourcedId = String(request.resultRecord?.sourcedGUID?.sourcedId ?? "");
      const call = {
        operation,
        sourcedId,
        signatureValid: header.oauth_signature === expected && header.oauth_consumer_key === consumerKey,
        bodyHashValid: header.oauth_body_hash === createHash("sha1").update(body).digest("base64"),
      };
      calls.push(call);
      const fault = faults.shift();
      if (fault === "network") return req.socket.destroy();
      if (fault === "html502") return res.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      if (fault && "status" in fault) return res.writeHead(fault.status, fault.retryAfter ? { "retry-after": fault.retryAfter } : {}).end("busy");
      res.writeHead(200, { "content-type": "application/xml" });
      if (fault) return res.end(response(fault.codeMajor, fault.description, operation));
      if (!call.signatureValid || !call.bodyHashValid) return res.end(response("failure", "Message signature not valid", operation));
      if (operation === "replaceResult") {
        const result = request.resultRecord?.result ?? {};
        gradebook.set(sourcedId, {
          score: result.resultScore?.textString ?? null,
          submittedAt: request.submissionDetails?.submittedAt,
          ltiLaunchUrl: result.resultData?.ltiLaunchUrl,
        });
        return res.end(response("success", `Score for ${sourcedId} is now ${result.resultScore?.textString}`, operation));
      }
      if (operation === "readResult") {
        const score = gradebook.get(sourcedId)?.score ?? "";
        return res.end(response("success", "Result read", operation, `<readResultResponse><result><resultScore><language>en</language><textString>${score}</textString></resultScore></result></readResultResponse>`));
      }
      res.end(response("unsupported", `${operation} is not supported`, operation));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/outcomes`;
  return { url, gradebook, calls, faults, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
