import { log } from "@/lib/log";
import { selectUsersByEmail, type User } from "@/lib/models/users";

/**
 * The accounts an address may sign in to (issue 13): those holding a site role (admin, researcher), else staff
 * whose address came from a signed LMS launch. An address nobody vouched for never picks an account.
 */
export async function selectEmailSignInCandidates({ email }: { email: string }): Promise<User[]> {
  const found = await selectUsersByEmail({ email });
  const privileged = found.filter((u) => u.siteRoles.length > 0);
  return privileged.length > 0 ? privileged : found.filter((u) => u.launchedAsStaff);
}

/** The one account this address signs in to, or null; an address naming several accounts is refused, not guessed. */
export async function selectEmailSignInUser({ email }: { email: string }): Promise<User | null> {
  const candidates = await selectEmailSignInCandidates({ email });
  if (candidates.length > 1) log.warn("email sign-in refused: the address names several accounts", { count: candidates.length });
  return candidates.length === 1 ? candidates[0] : null;
}
