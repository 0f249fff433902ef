import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { CANVAS_CUSTOM_FIELDS } from "@/lib/lti/tool-config";
import { CC_NAMESPACES, canvasXml, cartridgeXml } from "./tool-config";

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

/** Elements in document order (fast-xml-parser preserveOrder): [{ name: children, ":@": attributes }]. */
const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", parseTagValue: false });

function root(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const nodes = ordered.parse(xml) as Node[];
  const link = nodes.find((n) => "cartridge_basiclti_link" in n)!;
  return { attributes: link[":@"]!, children: link.cartridge_basiclti_link as Node[] };
}

const nameOf = (node: Node) => Object.keys(node).find((k) => k !== ":@")!;
const textOf = (node: Node) => ((node[nameOf(node)] as Node[])[0]?.["#text"] as string | undefined) ?? "";
const child = (nodes: Node[], name: string) => nodes.find((n) => nameOf(n) === name);
const props = (nodes: Node[]) =>
  Object.fromEntries(nodes.filter((n) => nameOf(n) === "lticm:property").map((n) => [n[":@"]!.name, textOf(n)]));

// imsbasiclti_v1p0 BasicLTILink sequence (LTI 1.1 Implementation Guide Appendix B), then the cc wrapper's own.
const SEQUENCE = [
  "blti:title",
  "blti:description",
  "blti:custom",
  "blti:extensions",
  "blti:launch_url",
  "blti:secure_launch_url",
  "blti:icon",
  "blti:secure_icon",
  "blti:vendor",
  "cartridge_bundle",
  "cartridge_icon",
];

function expectSchemaShape(xml: string) {
  const { attributes, children } = root(xml);
  expect(attributes.xmlns).toBe(CC_NAMESPACES.cc);
  expect(attributes["xmlns:blti"]).toBe(CC_NAMESPACES.blti);
  expect(attributes["xmlns:lticm"]).toBe(CC_NAMESPACES.lticm);
  expect(attributes["xmlns:lticp"]).toBe(CC_NAMESPACES.lticp);
  const names = children.map(nameOf).filter((n) => n !== "#text");
  // Every element is one the schema allows, in its order, each at most once except extensions.
  const positions = names.map((n) => SEQUENCE.indexOf(n));
  expect(positions.every((p) => p >= 0), names.join()).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(names.filter((n) => n !== "blti:extensions").length).toBe(new Set(names.filter((n) => n !== "blti:extensions")).size);
  // title and vendor are required; vendor needs code and name (imslticp_v1p0 Product_Vendor).
  expect(textOf(child(children, "blti:title")!)).toBe("Lantern");
  const vendor = child(children, "blti:vendor")!["blti:vendor"] as Node[];
  expect(vendor.map(nameOf).slice(0, 2)).toEqual(["lticp:code", "lticp:name"]);
  return children;
}

const launchUrl = () => `${env().APP_URL}/lti/1.1/launch`;

describe("LTI 1.1 configuration XML", () => {
  it("Canvas XML: launch URL, public privacy, course navigation and assignment selection, date custom fields", () => {
    const children = expectSchemaShape(canvasXml());
    expect(textOf(child(children, "blti:launch_url")!)).toBe(launchUrl());
    const extensions = child(children, "blti:extensions")!;
    expect(extensions[":@"]!.platform).toBe("canvas.instructure.com");
    const ext = extensions["blti:extensions"] as Node[];
    expect(props(ext)).toMatchObject({ privacy_level: "public", domain: new URL(env().APP_URL).host, tool_id: "lantern" });
    const options = Object.fromEntries(
      ext.filter((n) => nameOf(n) === "lticm:options").map((n) => [n[":@"]!.name, props(n["lticm:options"] as Node[])]),
    );
    expect(Object.keys(options)).toEqual(["course_navigation", "assignment_selection"]);
    expect(options.course_navigation).toMatchObject({ url: `${launchUrl()}?placement=course_navigation`, enabled: "true", visibility: "members" });
    expect(options.assignment_selection).toMatchObject({ url: launchUrl(), enabled: "true" });
    // Content-item is not offered: Canvas then uses the placement URL as the assignment's launch URL.
    expect(options.assignment_selection.message_type).toBeUndefined();
    expect(props(child(children, "blti:custom")!["blti:custom"] as Node[])).toEqual(CANVAS_CUSTOM_FIELDS);
  });

  it("generic cartridge: the same link without Canvas extensions, standard date variables", () => {
    const children = expectSchemaShape(cartridgeXml());
    expect(textOf(child(children, "blti:launch_url")!)).toBe(launchUrl());
    expect(child(children, "blti:extensions")).toBeUndefined();
    expect(props(child(children, "blti:custom")!["blti:custom"] as Node[]).due_at).toBe("$ResourceLink.submission.endDateTime");
  });

  it("names the secure launch URL and icon only for an https Lantern", () => {
    const original = process.env.APP_URL;
    try {
      for (const [base, secure] of [["https://lantern.example.edu", true], ["http://localhost:3600", false]] as const) {
        process.env.APP_URL = base;
        resetEnvForTests();
        const children = root(cartridgeXml()).children;
        expect(textOf(child(children, "blti:launch_url")!)).toBe(`${base}/lti/1.1/launch`);
        expect(child(children, "blti:secure_launch_url") ? textOf(child(children, "blti:secure_launch_url")!) : null).toBe(secure ? `${base}/lti/1.1/launch` : null);
        expect(Boolean(child(children, "blti:secure_icon"))).toBe(secure);
      }
    } finally {
      process.env.APP_URL = original;
      resetEnvForTests();
    }
  });
});
