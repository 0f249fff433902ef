import { systemAuthz } from "@/lib/auth/authz";
import { grantSiteRoleByEmail } from "@/lib/admin/users";
import { clientIp, ipPrefix, type RequestLike } from "@/lib/client-address";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send";
import { consumeRateLimit } from "@/lib/models/rate-limits";
import { selectEmailSignInUser } from "./email-identity";

/** How long a sign-in link works. Auth.js deletes the token when it is used, so it also works only once. */
export const SIGN_IN_LINK_TTL_SECONDS = 15 * 60;

// Links per address and per client network in a window: enough for "I did not get it, send again", not for mail bombs.
const WINDOW_MS = 15 * 60 * 1000;
const PER_ADDRESS = 5;
const PER_NETWORK = 20;

export type LinkRequestOutcome = "send" | "skip" | "rate_limited";

/**
 * Decides whether to send a sign-in link: counts the request against the per-address and per-network limits
 * (stored in Postgres, so every app instance agrees), makes ADMIN_EMAILS addresses admins, and says "skip" for
 * addresses that may not sign in (the page then looks the same, so it does not reveal who has an account).
 */
export async function decideSignInLink({ email, req }: { email: string; req: RequestLike }): Promise<LinkRequestOutcome> {
  const address = email.toLowerCase();
  const network = ipPrefix(clientIp(req)) ?? "unknown";
  const [byAddress, byNetwork] = await Promise.all([
    consumeRateLimit({ key: `signin:email:${address}`, limit: PER_ADDRESS, windowMs: WINDOW_MS }),
    consumeRateLimit({ key: `signin:ip:${network}`, limit: PER_NETWORK, windowMs: WINDOW_MS }),
  ]);
  if (!byAddress.allowed || !byNetwork.allowed) return "rate_limited";
  if (env().ADMIN_EMAILS.includes(address)) {
    await grantSiteRoleByEmail({ authz: systemAuthz("system"), email: address, role: "admin" });
  }
  return (await selectEmailSignInUser({ email: address })) ? "send" : "skip";
}

/** Mails a sign-in link (through Resend, or the development mailbox without RESEND_API_KEY). */
export async function sendSignInLink({ to, url, expires }: { to: string; url: string; expires: Date }): Promise<void> {
  const minutes = Math.round((expires.getTime() - Date.now()) / 60_000);
  const { host } = new URL(url);
  await sendMail({
    to,
    subject: "Your Lantern sign-in link",
    text:
      `Sign in to Lantern (${host}) with this link:\n\n${url}\n\n` +
      `It works once and expires in ${minutes} minutes. If you did not ask for it, ignore this message.`,
    html:
      `<p>Sign in to Lantern (${escapeHtml(host)}):</p><p><a href="${escapeHtml(url)}">Sign in</a></p>` +
      `<p>The link works once and expires in ${minutes} minutes. If you did not ask for it, ignore this message.</p>`,
  });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
