import { z } from "zod";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { SignInForm } from "./_components/sign-in-form";
import { nextPath } from "./schema";

export const dynamic = "force-dynamic";

// Auth.js sends people back here with ?error=<code> (https://authjs.dev/reference/core/errors); rate_limited is ours.
const MESSAGES: Record<string, string> = {
  rate_limited: "Too many sign-in links were asked for. Wait 15 minutes, then try again.",
  Verification: "That sign-in link has expired or was already used. Ask for a new one below.",
  AccessDenied: "This address cannot sign in to Lantern. Students and instructors sign in through their LMS.",
};

export default page(
  {
    access: { public: true },
    searchParams: z.object({ error: z.string().max(50).optional().catch(undefined), next: nextPath }),
  },
  async ({ searchParams }) => {
    const problem = searchParams.error ? (MESSAGES[searchParams.error] ?? "Sign-in failed. Ask for a new link below.") : null;
    return (
      <Shell title="Sign in">
        <section className="max-w-xl">
          <h1 className="text-2xl font-semibold">Sign in</h1>
          <p className="mt-2 text-slate-700">
            For administrators, researchers, and instructors who have opened Lantern from their LMS before. Students
            and instructors normally reach Lantern through their LMS, with no separate sign-in.
          </p>
          {problem && (
            <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
              {problem}
            </p>
          )}
          <SignInForm next={searchParams.next} />
        </section>
      </Shell>
    );
  },
);
