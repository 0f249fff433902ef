import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Resend } from "resend";
import { env, isDevelopmentLike } from "@/lib/env";
import { log } from "@/lib/log";

export type Mail = { to: string; subject: string; text: string; html?: string };

let client: Resend | undefined;

/**
 * Sends one email: through Resend when RESEND_API_KEY is set (RESEND_BASE_URL points it at a local fake in tests),
 * otherwise, outside production, into the development mailbox (JSON files under DATA_DIR/mailbox). In production
 * without a key the mail is dropped with a warning (no addresses in the log).
 */
export async function sendMail(mail: Mail): Promise<{ id: string; via: "resend" | "dev-mailbox" | "dropped" }> {
  const settings = env();
  if (settings.RESEND_API_KEY) {
    client ??= new Resend(settings.RESEND_API_KEY, settings.RESEND_BASE_URL ? { baseUrl: settings.RESEND_BASE_URL } : undefined);
    const { data, error } = await client.emails.send({ from: settings.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
    if (error || !data) throw new Error(`Resend refused the mail: ${error?.message ?? "no id"}`);
    return { id: data.id, via: "resend" };
  }
  if (!isDevelopmentLike(settings)) {
    log.warn("mail not sent: RESEND_API_KEY is not set", { subject: mail.subject });
    return { id: "", via: "dropped" };
  }
  const id = randomUUID();
  const dir = path.join(/*turbopackIgnore: true*/ settings.DATA_DIR, "mailbox");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${Date.now()}-${id}.json`), JSON.stringify({ id, from: settings.MAIL_FROM, ...mail, sentAt: new Date().toISOString() }, null, 2));
  return { id, via: "dev-mailbox" };
}
