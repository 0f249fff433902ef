import { z } from "zod";
import { page } from "@/lib/auth/page";
import { readDevMailbox } from "@/lib/mail/dev-mailbox";

export const dynamic = "force-dynamic";
export const metadata = { title: "Development mailbox · Lantern" };

/** Splits a plain-text message into text and links, so the sign-in link in a message can be clicked. */
function withLinks(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part} className="break-all text-lantern-700 underline">
        {part}
      </a>
    ) : (
      <span key={i}>{part}</span>
    ),
  );
}

/**
 * Development and tests only (a 404 in production): the mail Lantern would have sent, newest first, so email
 * sign-in works without a mail service. Anyone who can reach a development server can read it: never expose one.
 */
export default page(
  { access: { public: true }, searchParams: z.object({ to: z.string().max(320).optional().catch(undefined) }) },
  async ({ searchParams }) => {
    const messages = await readDevMailbox({ to: searchParams.to });
    return (
      <main id="main" className="mx-auto max-w-4xl px-4 py-6">
        <h1 className="text-2xl font-semibold">Development mailbox</h1>
        <p className="mt-2 text-slate-700">
          Without <code>RESEND_API_KEY</code>, outside production, Lantern keeps its mail here instead of sending it.
        </p>
        {messages.length === 0 ? (
          <p className="mt-6 text-slate-700">No messages yet.</p>
        ) : (
          <ol className="mt-6 space-y-4">
            {messages.map((m) => (
              <li key={m.id}>
                <article aria-labelledby={`mail-${m.id}`} className="rounded border border-slate-300 p-4">
                  <h2 id={`mail-${m.id}`} className="font-semibold">
                    {m.subject}
                  </h2>
                  <p className="text-sm text-slate-600">
                    To {m.to} · <time dateTime={m.sentAt}>{m.sentAt.replace("T", " ").slice(0, 19)} UTC</time>
                  </p>
                  <p className="mt-3 whitespace-pre-wrap">{withLinks(m.text)}</p>
                </article>
              </li>
            ))}
          </ol>
        )}
      </main>
    );
  },
);
