import { z } from "zod";

/** Where to go after signing in: a path on this site only (never `//host`, which browsers read as another site). */
export const nextPath = z
  .string()
  .regex(/^\/(?![/\\])[^\s]*$/)
  .max(500)
  .catch("/admin");

export const signInRequest = z.object({
  email: z.email("Enter an email address, like name@example.edu.").max(320),
  next: nextPath,
});
