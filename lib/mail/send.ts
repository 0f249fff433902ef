import type { Resend } from "resend";
import { env, isDevelopmentLike } from "@/lib/env";
import { log } from "@/lib/log";
import { writeDevMail } from "./dev-mailbox";

export type Mail = { to: string; subject: string; text: string; html?: string };

let client: { key: string; resend: Resend } | undefined;

/**
 * Sends one email: through Resend when RESEND_API_KEY is set (RESEND_BASE_URL points it at a local fake in tests),
 * otherwise, outside production, into the development mailbox (/dev/mailbox). In production without a key the mail
 * is dropped with a warning (no addresses in the log).
 */
export async function sendMail(mail: Mail): Promise<{ id: string; via: "resend" | "dev-mailbox" | "dropped" }> {
  const settings = env();
  if (settings.RESEND_API_KEY) {
    if (client?.key !== settings.RESEND_API_KEY) {
      const options = settings.RESEND_BASE_URL ? { baseUrl: settings.RESEND_BASE_URL } : undefined;
      // Loaded here, not at import: every process that might send mail (export worker, grader) imports this module.
      const { Resend } = await import("resend");
      client = { key: settings.RESEND_API_KEY, resend: new Resend(settings.RESEND_API_KEY, options) };
    }
    const { data, error } = await client.resend.emails.send({
      from: settings.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
    });
    if (error || !data) throw new Error(`Resend refused the mail: ${error?.message ?? "no id"}`);
    return { id: data.id, via: "resend" };
  }
  if (!isDevelopmentLike(settings)) {
    log.warn("mail not sent: RESEND_API_KEY is not set", { subject: mail.subject });
    return { id: "", via: "dropped" };
  }
  return { id: await writeDevMail(mail), via: "dev-mailbox" };
}
