import { eq } from "drizzle-orm";
import { db, schema } from "@/db";
import { notFound } from "@/lib/errors";

const { users } = schema;

export type User = typeof users.$inferSelect;

/** The user with this id; throws a 404 when there is none. */
export async function selectUser({ userId }: { userId: string }): Promise<User> {
  const user = await selectOptionalUser({ userId });
  if (!user) throw notFound("No such user.");
  return user;
}

/** The user with this id, or null. */
export async function selectOptionalUser({ userId }: { userId: string }): Promise<User | null> {
  const [user] = await db().select().from(users).where(eq(users.id, userId)).limit(1);
  return user ?? null;
}

/** Creates a user. */
export async function insertUser({
  values,
}: {
  values: Pick<typeof users.$inferInsert, "name" | "email" | "isAdmin" | "isTestUser">;
}): Promise<User> {
  const [user] = await db().insert(users).values(values).returning();
  return user;
}

/** Finds or creates the user behind a test-only login key (never used outside test/dev; see lib/auth/test-login). */
export async function ensureTestLoginUser({
  key,
  name,
  email,
  isAdmin,
}: {
  key: string;
  name?: string;
  email?: string | null;
  isAdmin?: boolean;
}): Promise<User> {
  // Only the fields the caller names are updated, so seeded names survive a demo sign-in.
  const set = {
    testLoginKey: key,
    ...(name !== undefined && { name }),
    ...(email !== undefined && { email }),
    ...(isAdmin !== undefined && { isAdmin }),
  };
  const [user] = await db()
    .insert(users)
    .values({ testLoginKey: key, name: name ?? key, email: email ?? null, isAdmin: isAdmin ?? false })
    .onConflictDoUpdate({ target: users.testLoginKey, set })
    .returning();
  return user;
}
