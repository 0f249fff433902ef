// Auth.js endpoints for email sign-in (request a link, open a link). See lib/auth/next-auth.ts.
import { handlers } from "@/lib/auth/next-auth";

export const { GET, POST } = handlers;
