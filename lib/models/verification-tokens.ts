import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter } from "next-auth/adapters";
import { db, schema } from "@/db";

/**
 * The magic-link token store Auth.js needs, from @auth/drizzle-adapter on our `verification_tokens` table. Only the
 * token methods are taken: users are Lantern's own (lib/auth/next-auth.ts decides who may sign in), and sessions are
 * Lantern's own too (lib/auth/session.ts).
 */
export function verificationTokenStore(): Required<Pick<Adapter, "createVerificationToken" | "useVerificationToken">> {
  // The schema type also demands users and accounts tables, which these two methods never touch.
  const adapter = DrizzleAdapter(db(), { verificationTokensTable: schema.verificationTokens } as never);
  return { createVerificationToken: adapter.createVerificationToken!, useVerificationToken: adapter.useVerificationToken! };
}
