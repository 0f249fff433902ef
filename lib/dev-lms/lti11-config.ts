import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { ensureDevLmsLti11Tool } from "@/lib/models/dev-lms-lti11";

/**
 * Reads a tool's LTI 1.1 XML configuration (a cartridge_basiclti_link, as Canvas's "Add App → By URL" does): launch
 * URL, custom fields, and the Canvas extension's privacy level and course navigation URL. Entities are never
 * expanded; namespace prefixes are dropped, as Canvas's importer matches local names.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "property" || name === "options" || name === "extensions",
});

type Property = { "@_name"?: string; "#text"?: string };
type Options = { "@_name"?: string; property?: Property[] };
type Extensions = { "@_platform"?: string; property?: Property[]; options?: Options[] };

function properties(list: Property[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).filter((p) => p["@_name"]).map((p) => [p["@_name"]!, String(p["#text"] ?? "")]));
}

export const lti11ToolConfig = z.object({
  name: z.string().min(1).max(200),
  launchUrl: z.url().max(2048),
  courseNavigationUrl: z.url().max(2048).nullable(),
  custom: z.record(z.string(), z.string()),
  privacyLevel: z.enum(["public", "name_only", "email_only", "anonymous"]),
});
export type Lti11ToolConfig = z.infer<typeof lti11ToolConfig>;

/** The configuration in an XML document; throws a readable error when it is not a basic LTI link. */
export function parseLti11Config(xml: string): Lti11ToolConfig {
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(xml);
  } catch (error) {
    throw new Error(`The configuration is not XML: ${(error as Error).message}`);
  }
  const link = tree.cartridge_basiclti_link as Record<string, unknown> | undefined;
  if (!link) throw new Error("The configuration is not a cartridge_basiclti_link document.");
  const canvas = ((link.extensions as Extensions[] | undefined) ?? []).find((e) => e["@_platform"] === "canvas.instructure.com");
  const settings = properties(canvas?.property);
  const navigation = canvas?.options?.find((o) => o["@_name"] === "course_navigation");
  const custom = (link.custom as { property?: Property[] } | undefined)?.property;
  const parsed = lti11ToolConfig.safeParse({
    name: String(link.title ?? ""),
    launchUrl: String(link.secure_launch_url ?? link.launch_url ?? ""),
    courseNavigationUrl: navigation ? (properties(navigation.property).url ?? null) : null,
    custom: properties(custom),
    privacyLevel: settings.privacy_level ?? "anonymous",
  });
  if (!parsed.success) throw new Error(`The configuration is incomplete: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** Fetches and parses a configuration URL (dev only: any URL the developer types). */
export async function fetchLti11Config(url: string): Promise<Lti11ToolConfig> {
  const response = await fetch(url, { headers: { accept: "application/xml, text/xml" }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`The configuration URL answered ${response.status}.`);
  return parseLti11Config(await response.text());
}

/** "Add App → By URL": the consumer key and secret the tool issued, and its configuration URL (fetched now). */
export async function addLti11ToolByUrl({ consumerKey, secret, configUrl }: { consumerKey: string; secret: string; configUrl: string }) {
  const config = await fetchLti11Config(configUrl);
  return ensureDevLmsLti11Tool({ values: { consumerKey, secret, configUrl, outcomeFailure: null, ...config } });
}
