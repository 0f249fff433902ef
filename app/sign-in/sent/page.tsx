import Link from "next/link";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { SIGN_IN_LINK_TTL_SECONDS } from "@/lib/auth/email-sign-in";
import { env, isDevelopmentLike } from "@/lib/env";

export const dynamic = "force-dynamic";

export default page({ access: { public: true } }, async () => {
  const devMailbox = isDevelopmentLike() && !env().RESEND_API_KEY;
  return (
    <Shell title="Check your email">
      <section className="max-w-xl">
        <h1 className="text-2xl font-semibold">Check your email</h1>
        <p className="mt-2 text-slate-700">
          If that address may sign in to Lantern, a sign-in link is on its way. The link works once and expires in{" "}
          {SIGN_IN_LINK_TTL_SECONDS / 60} minutes.
        </p>
        {devMailbox && (
          <p className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
            Development: mail is not sent. Open the{" "}
            <Link href="/dev/mailbox" className="underline">
              development mailbox
            </Link>{" "}
            to find the link.
          </p>
        )}
        <p className="mt-4">
          <Link href="/sign-in" className="text-lantern-700 underline">
            Use a different address
          </Link>
        </p>
      </section>
    </Shell>
  );
});
