import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env, isDevelopmentLike } from "@/lib/env";
import { notFound } from "@/lib/errors";
import type { Mail } from "./send";

/**
 * The development mailbox: without RESEND_API_KEY, outside production, mail is written as JSON files under
 * DATA_DIR/mailbox and shown at /dev/mailbox, so sign-in links work on a laptop and in end-to-end tests.
 */
const message = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  sentAt: z.string(),
});
export type DevMail = z.infer<typeof message>;

function mailboxDir(): string {
  return path.join(/*turbopackIgnore: true*/ env().DATA_DIR, "mailbox");
}

/** Stores one message in the development mailbox (refused in production). */
export async function writeDevMail(mail: Mail): Promise<string> {
  if (!isDevelopmentLike()) throw new Error("The development mailbox does not exist in production.");
  const id = randomUUID();
  const dir = mailboxDir();
  await mkdir(dir, { recursive: true });
  const stored: DevMail = { id, from: env().MAIL_FROM, ...mail, sentAt: new Date().toISOString() };
  await writeFile(path.join(dir, `${Date.now()}-${id}.json`), JSON.stringify(stored, null, 2));
  return id;
}

/** The newest messages in the development mailbox, newest first (a 404 in production). */
export async function readDevMailbox({ limit = 50, to }: { limit?: number; to?: string } = {}): Promise<DevMail[]> {
  if (!isDevelopmentLike()) throw notFound();
  const dir = mailboxDir();
  const names = await readdir(dir).catch(() => [] as string[]);
  // File names start with the send time in milliseconds, so a reverse sort is newest first.
  const newest = names.filter((n) => n.endsWith(".json")).sort().reverse();
  const messages: DevMail[] = [];
  for (const name of newest) {
    if (messages.length >= limit) break;
    const parsed = message.safeParse(JSON.parse(await readFile(path.join(dir, name), "utf8")));
    if (parsed.success && (!to || parsed.data.to.toLowerCase() === to.toLowerCase())) messages.push(parsed.data);
  }
  return messages;
}
