import { env } from "@/lib/env";
import { createConsumerKey } from "@/lib/admin/lti11-consumers";
import { systemAuthz } from "@/lib/auth/authz";
import { handleLti11Launch } from "../launch";
import { signFormParameters, type OAuthParam } from "../oauth1";
import { LTI11_LAUNCH_PATH } from "../verify";

/** A fake LTI 1.1 consumer for tests: a registered key and secret, and signed launches posted to the handler. */
export type TestConsumer = Awaited<ReturnType<typeof createTestConsumer>>;

export async function createTestConsumer(options: { key?: string } = {}) {
  const consumerKey = options.key ?? `consumer-${Math.random().toString(36).slice(2, 8)}`;
  const { secret, consumer } = await createConsumerKey({ authz: systemAuthz(), consumerKey });
  const launchUrl = `${env().APP_URL}${LTI11_LAUNCH_PATH}`;

  /** A student launch's parameters; `overrides` replace or (undefined) remove fields. */
  function params(overrides: Record<string, string | undefined> = {}): OAuthParam[] {
    const base: Record<string, string | undefined> = {
      lti_message_type: "basic-lti-launch-request",
      lti_version: "LTI-1p0",
      resource_link_id: "rl-1",
      resource_link_title: "Week 1",
      user_id: "u-1",
      roles: "Learner",
      lis_person_name_full: "Grace Hopper",
      lis_person_contact_email_primary: "grace@example.edu",
      context_id: "ctx-1",
      context_title: "Programming 101",
      context_label: "CS101",
      tool_consumer_info_product_family_code: "moodle",
      ...overrides,
    };
    return Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined);
  }

  /** Signs and posts a launch; `sign` changes what is signed (URL, secret, time, nonce) to forge bad ones. */
  async function launch(
    fields: readonly OAuthParam[] = params(),
    sign: { url?: string; secret?: string; timestamp?: number; nonce?: string; key?: string; postUrl?: string; tamper?: (p: OAuthParam[]) => OAuthParam[]; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    let signed = signFormParameters({
      url: sign.url ?? launchUrl,
      params: fields,
      consumerKey: sign.key ?? consumerKey,
      consumerSecret: sign.secret ?? secret,
      timestamp: sign.timestamp,
      nonce: sign.nonce,
    });
    if (sign.tamper) signed = sign.tamper(signed);
    return handleLti11Launch(
      new Request(sign.postUrl ?? launchUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...sign.headers },
        body: new URLSearchParams(signed.map(([k, v]) => [k, v])).toString(),
      }),
    );
  }

  return { consumerKey, secret, consumer, launchUrl, params, launch };
}
