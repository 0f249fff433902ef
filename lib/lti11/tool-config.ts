import { XMLBuilder } from "fast-xml-parser";
import { CANVAS_CUSTOM_FIELDS, STANDARD_CUSTOM_FIELDS, toolUrls } from "@/lib/lti/tool-config";
import { LTI11_LAUNCH_PATH } from "./paths";

/**
 * LTI 1.1 tool configuration as a basic LTI link (IMS Common Cartridge 1.1 "cartridge_basiclti_link", LTI 1.1
 * Implementation Guide Appendix B, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-34). Elements
 * follow the imsbasiclti_v1p0 schema's sequence: title, description, custom, extensions, launch_url,
 * secure_launch_url, icon, secure_icon, vendor. Built with XMLBuilder (every value escaped), never by concatenation.
 */
export const CC_NAMESPACES = {
  cc: "http://www.imsglobal.org/xsd/imslticc_v1p0",
  blti: "http://www.imsglobal.org/xsd/imsbasiclti_v1p0",
  lticm: "http://www.imsglobal.org/xsd/imslticm_v1p0",
  lticp: "http://www.imsglobal.org/xsd/imslticp_v1p0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

const SCHEMA_LOCATION = [
  `${CC_NAMESPACES.cc} http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticc_v1p0.xsd`,
  `${CC_NAMESPACES.blti} http://www.imsglobal.org/xsd/lti/ltiv1p0/imsbasiclti_v1p0.xsd`,
  `${CC_NAMESPACES.lticm} http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticm_v1p0.xsd`,
  `${CC_NAMESPACES.lticp} http://www.imsglobal.org/xsd/lti/ltiv1p0/imslticp_v1p0.xsd`,
].join(" ");

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, processEntities: true });

const DESCRIPTION = "Programming assignments with instant feedback, inside your course.";

type Property = { "@_name": string; "#text": string };
const property = (name: string, value: string): Property => ({ "@_name": name, "#text": value });
const properties = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => property(name, value));

function launchUrl(): string {
  return `${toolUrls().base}${LTI11_LAUNCH_PATH}`;
}

function document(body: Record<string, unknown>): string {
  const urls = toolUrls();
  const launch = launchUrl();
  const secure = launch.startsWith("https:");
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    cartridge_basiclti_link: {
      "@_xmlns": CC_NAMESPACES.cc,
      "@_xmlns:blti": CC_NAMESPACES.blti,
      "@_xmlns:lticm": CC_NAMESPACES.lticm,
      "@_xmlns:lticp": CC_NAMESPACES.lticp,
      "@_xmlns:xsi": CC_NAMESPACES.xsi,
      "@_xsi:schemaLocation": SCHEMA_LOCATION,
      "blti:title": "Lantern",
      "blti:description": DESCRIPTION,
      ...body,
      "blti:launch_url": launch,
      // Moodle prefers secure_launch_url when the page is https; both name the same address.
      ...(secure && { "blti:secure_launch_url": launch }),
      "blti:icon": urls.logo,
      ...(urls.logo.startsWith("https:") && { "blti:secure_icon": urls.logo }),
      "blti:vendor": {
        "lticp:code": "lantern",
        "lticp:name": "Lantern",
        "lticp:description": DESCRIPTION,
        "lticp:url": urls.base,
      },
    },
  });
}

/**
 * Canvas's XML configuration ("By URL" when adding an app with a consumer key; Canvas "External Tools XML",
 * https://canvas.instructure.com/doc/api/file.tools_xml.html). privacy_level public sends lis_person_name_* and the
 * email (Lantern shows names to staff). course_navigation opens the course (its URL says so); assignment_selection lists Lantern under
 * an assignment's "External Tool → Find": without content-item, Canvas fills in the placement URL and the
 * instructor's first launch of that assignment connects it to a Lantern assignment. Custom fields carry the
 * assignment dates and Canvas ids (lib/lti/tool-config.ts), sent as custom_due_at etc.
 */
export function canvasXml(): string {
  const urls = toolUrls();
  const launch = launchUrl();
  const placement = (name: string, url: string, extra: Record<string, string> = {}) => ({
    "@_name": name,
    "lticm:property": properties({ url, text: "Lantern", icon_url: urls.logo, enabled: "true", ...extra }),
  });
  return document({
    "blti:custom": { "lticm:property": properties(CANVAS_CUSTOM_FIELDS) },
    "blti:extensions": {
      "@_platform": "canvas.instructure.com",
      "lticm:property": properties({ tool_id: "lantern", privacy_level: "public", domain: urls.domain, text: "Lantern", icon_url: urls.logo }),
      "lticm:options": [
        // LTI 1.1 has no placement claim: the query marks the course-menu launch (lib/lti/claims.ts isCourseNavigationLaunch).
        placement("course_navigation", `${launch}?placement=course_navigation`, { visibility: "members", default: "enabled" }),
        placement("assignment_selection", launch, { selection_width: "800", selection_height: "600" }),
      ],
    },
  });
}

/**
 * The same link for other consumers (Moodle "cartridge URL", Brightspace, Sakai): launch URL, icon and vendor, and
 * the LTI standard substitution variables for dates (lib/lti/tool-config.ts STANDARD_CUSTOM_FIELDS; an LMS that does
 * not know one sends it as written, which Lantern ignores, lib/lti/lms-dates.ts).
 */
export function cartridgeXml(): string {
  return document({ "blti:custom": { "lticm:property": properties(STANDARD_CUSTOM_FIELDS) } });
}
