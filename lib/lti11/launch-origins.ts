/**
 * Where an LTI 1.1 consumer frames Lantern from, learned from its launches for `frame-ancestors`
 * (lib/security-headers). An LTI 1.3 platform is registered with its issuer and login URL; a 1.1 consumer only with
 * a key and secret, so without this a 1.1-only LMS could frame Lantern only after a graded launch had shown its
 * Basic Outcomes address, and ungraded links (course navigation, an instructor's first launch) were refused.
 *
 * The origins come from launch parameters the OAuth signature covers (RFC 5849 §3.4.1.3: every form parameter is
 * in the signature base string), so only the consumer, holding the shared secret, can name them:
 * - `launch_presentation_return_url`: where the tool sends the user back, a page of the LMS (LTI 1.1
 *   Implementation Guide §4, https://www.imsglobal.org/specs/ltiv1p1/implementation-guide; Canvas, Moodle,
 *   Blackboard, Sakai and Brightspace all send it, on the host that serves the course page);
 * - `tool_consumer_instance_url`: the LMS instance's home page (same section, optional).
 * Not the request's Origin or Referer header: they are unsigned, and a student can take the signed form of their
 * own launch and post it from any site of theirs, which would then be allowed to frame Lantern for everyone.
 */

const SIGNED_ADDRESS_PARAMS = ["launch_presentation_return_url", "tool_consumer_instance_url"] as const;

/** A consumer learning more than this many addresses is misbehaving: further ones are not recorded. */
export const MAX_LAUNCH_ORIGINS = 20;

/** The http(s) origins the launch's signed address parameters name, in their order, without duplicates. */
export function launchOriginsFromLti11(params: Record<string, string>): string[] {
  const origins: string[] = [];
  for (const name of SIGNED_ADDRESS_PARAMS) {
    const value = params[name]?.trim();
    if (!value || value.length > 2048 || !URL.canParse(value)) continue;
    const url = new URL(value);
    // A CSP source expression must not carry credentials or a path; URL.origin gives scheme://host[:port].
    if ((url.protocol === "https:" || url.protocol === "http:") && !origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

/** The origins to add to what a consumer already has, or [] when there is nothing new or no room. */
export function newLaunchOrigins(known: readonly string[], launched: readonly string[]): string[] {
  const fresh = launched.filter((origin) => !known.includes(origin));
  return known.length + fresh.length > MAX_LAUNCH_ORIGINS ? fresh.slice(0, Math.max(0, MAX_LAUNCH_ORIGINS - known.length)) : fresh;
}
