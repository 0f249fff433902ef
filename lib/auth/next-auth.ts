import NextAuth from "next-auth";
import type { AdapterUser } from "next-auth/adapters";
import Resend from "next-auth/providers/resend";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { selectOptionalUser, updateUserEmailVerified, type User } from "@/lib/models/users";
import { verificationTokenStore } from "@/lib/models/verification-tokens";
import { selectEmailSignInUser } from "./email-identity";
import { decideSignInLink, sendSignInLink, SIGN_IN_LINK_TTL_SECONDS } from "./email-sign-in";
import { createSession, SESSION_COOKIE, sessionCookieOptions } from "./session";

/**
 * Email sign-in with Auth.js (next-auth v5): the Resend provider sends magic links (through lib/mail, so the dev
 * mailbox and the Resend fake work), @auth/drizzle-adapter stores the hashed, single-use link tokens. Auth.js only
 * proves control of the address: it never creates users (who may sign in is lib/auth/email-identity.ts) and keeps
 * no session of its own (the `jwt` callback returns null, so it sets no cookie). A used link opens a Lantern
 * session (lib/auth/session.ts), the same kind an LTI launch opens, so sign-out and deactivation work alike.
 */

function adapterUser(user: User): AdapterUser {
  return { id: user.id, email: user.email ?? "", emailVerified: user.emailVerified, name: user.name };
}

export const { handlers, signIn: requestEmailSignIn } = NextAuth(() => {
  const settings = env();
  return {
    secret: settings.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt" },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/sent", error: "/sign-in" },
    adapter: {
      ...verificationTokenStore(),
      getUserByEmail: async (email) => {
        const user = await selectEmailSignInUser({ email });
        return user ? adapterUser(user) : null;
      },
      getUser: async (id) => {
        const user = await selectOptionalUser({ userId: id });
        return user ? adapterUser(user) : null;
      },
      updateUser: async ({ id, emailVerified }) => adapterUser(await updateUserEmailVerified({ userId: id, at: emailVerified ?? new Date() })),
      createUser: async () => {
        // Unreachable: the signIn callback refuses addresses without an account before Auth.js would create one.
        throw new Error("Email sign-in never creates users.");
      },
    },
    providers: [
      Resend({
        apiKey: settings.RESEND_API_KEY,
        from: settings.MAIL_FROM,
        maxAge: SIGN_IN_LINK_TTL_SECONDS,
        sendVerificationRequest: ({ identifier, url, expires }) => sendSignInLink({ to: identifier, url, expires }),
      }),
    ],
    callbacks: {
      async signIn({ user, email }) {
        if (email?.verificationRequest) {
          const outcome = await decideSignInLink({ email: user.email ?? "", req: await headers() });
          // Addresses that may not sign in see the same "check your email" page, and no mail is sent.
          if (outcome === "skip") return "/sign-in/sent";
          if (outcome === "rate_limited") return "/sign-in?error=rate_limited";
          return true;
        }
        // A used link: the address must still belong to an account that may sign in (roles can change meanwhile).
        const current = user.email ? await selectEmailSignInUser({ email: user.email }) : null;
        return current?.id === user.id;
      },
      async jwt({ user, trigger }) {
        if (trigger === "signIn" && user?.id) {
          const { token, expiresAt } = await createSession({ userId: user.id, kind: "email" });
          (await cookies()).set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt));
        }
        return null;
      },
    },
    logger: {
      // Auth.js wraps the real failure in `cause` (its own message is only a link to its docs).
      error: (error) => log.warn("email sign-in failed", { kind: error.name, cause: (error.cause as { err?: unknown })?.err ?? error.cause }),
      warn: (code) => log.warn("auth.js warning", { code }),
      debug: () => {},
    },
  };
});
