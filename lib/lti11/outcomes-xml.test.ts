import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { outcomeScore, parseOutcomeResponse, readResultXml, replaceResultXml } from "./outcomes-xml";

const response = (codeMajor: string, description: string, body = "") => `<?xml version="1.0" encoding="UTF-8"?>
<imsx_POXEnvelopeResponse xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">
  <imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version><imsx_messageIdentifier>1</imsx_messageIdentifier>
    <imsx_statusInfo><imsx_codeMajor>${codeMajor}</imsx_codeMajor><imsx_severity>status</imsx_severity>
      <imsx_description>${description}</imsx_description><imsx_messageRefIdentifier>m-1</imsx_messageRefIdentifier>
      <imsx_operationRefIdentifier>replaceResult</imsx_operationRefIdentifier></imsx_statusInfo>
  </imsx_POXResponseHeaderInfo></imsx_POXHeader>
  <imsx_POXBody>${body}</imsx_POXBody>
</imsx_POXEnvelopeResponse>`;

describe("Basic Outcomes requests", () => {
  it("builds replaceResult with the score, Canvas's submittedAt and ltiLaunchUrl, escaping every value", () => {
    const xml = replaceResultXml({
      messageId: "m-1",
      sourcedId: 'abc<&>"\'</sourcedId><evil/>',
      score: outcomeScore(7, 10),
      canvas: { submittedAt: new Date("2026-12-01T10:00:00Z"), ltiLaunchUrl: "https://lantern.example/lti/1.1/launch?a=1&b=2" },
    });
    expect(xml).not.toContain("<evil/>");
    const tree = new XMLParser({ processEntities: true, htmlEntities: false }).parse(xml);
    const request = tree.imsx_POXEnvelopeRequest.imsx_POXBody.replaceResultRequest;
    expect(request.resultRecord.sourcedGUID.sourcedId).toBe('abc<&>"\'</sourcedId><evil/>');
    expect(request.resultRecord.result.resultScore).toEqual({ language: "en", textString: 0.7 });
    expect(request.resultRecord.result.resultData.ltiLaunchUrl).toBe("https://lantern.example/lti/1.1/launch?a=1&b=2");
    expect(request.submissionDetails.submittedAt).toBe("2026-12-01T10:00:00.000Z");
    expect(xml).toContain('xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0"');
    expect(xml.indexOf("<submissionDetails>")).toBeLessThan(xml.indexOf("<resultRecord>"));
  });

  it("builds readResult", () => {
    const tree = new XMLParser().parse(readResultXml({ messageId: "m-2", sourcedId: "s-1" }));
    expect(tree.imsx_POXEnvelopeRequest.imsx_POXBody.readResultRequest.resultRecord.sourcedGUID.sourcedId).toBe("s-1");
    expect(tree.imsx_POXEnvelopeRequest.imsx_POXHeader.imsx_POXRequestHeaderInfo.imsx_messageIdentifier).toBe("m-2");
  });

  it("keeps scores in 0.0–1.0 with at most four decimals", () => {
    expect(outcomeScore(12, 10)).toBe("1");
    expect(outcomeScore(-1, 10)).toBe("0");
    expect(outcomeScore(2, 3)).toBe("0.6667");
  });
});

describe("Basic Outcomes responses", () => {
  it("reads success, failure with its description, and readResult's score", () => {
    expect(parseOutcomeResponse(response("success", "Score updated"))).toEqual({ codeMajor: "success", description: "Score updated", score: null });
    expect(parseOutcomeResponse(response("failure", "Assignment has no points possible &amp; cannot be graded"))).toMatchObject({
      codeMajor: "failure",
      description: "Assignment has no points possible & cannot be graded",
    });
    const read = response("success", "Result read", "<readResultResponse><result><resultScore><language>en</language><textString>0.85</textString></resultScore></result></readResultResponse>");
    expect(parseOutcomeResponse(read)?.score).toBe(0.85);
    const empty = response("success", "", "<readResultResponse><result><resultScore><language>en</language><textString></textString></resultScore></result></readResultResponse>");
    expect(parseOutcomeResponse(empty)?.score).toBeNull();
  });

  it("does not expand DOCTYPE entities (billion laughs, external entities)", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
${response("failure", "&lol2;&xxe;").replace(/^<\?xml[^>]*>/, "")}`;
    const parsed = parseOutcomeResponse(bomb);
    expect(parsed?.description ?? "").not.toContain("lollol");
    expect(parsed?.description ?? "").not.toContain("root:");
  });

  it("returns null for what is not a POX response", () => {
    expect(parseOutcomeResponse("<html><body>502 Bad Gateway</body></html>")).toBeNull();
    expect(parseOutcomeResponse('{"error":"nope"}')).toBeNull();
    expect(parseOutcomeResponse(response("maybe", "x"))).toBeNull();
  });
});
