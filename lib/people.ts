/** The short id staff see for someone the LMS sent without a name: stable (from the user's id), never reused. */
export function shortUserId(userId: string): string {
  return userId.replace(/-/g, "").slice(0, 8);
}

/**
 * How staff pages name a person: the name, else the email, else "Student 3f2a91c0" (a stable short id), so people
 * launched without a name (LMS privacy settings) stay distinguishable instead of all being "Unnamed student".
 */
export function personLabel({ name, email, userId }: { name: string | null; email?: string | null; userId: string }, noun = "Student"): string {
  return name?.trim() || email?.trim() || `${noun} ${shortUserId(userId)}`;
}
