import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { SITE_ROLES } from "@/lib/auth/roles";
import { signInForTest, testLoginEnabled } from "@/lib/auth/test-login";
import { notFound } from "@/lib/errors";

export const dynamic = "force-dynamic";

const body = z.object({
  key: z.string().min(1).max(100),
  name: z.string().max(200).optional(),
  email: z.email().nullable().optional(),
  siteRoles: z.array(z.enum(SITE_ROLES)).optional(),
  courseId: z.string().max(100).optional(),
  role: z.enum(["instructor", "ta", "designer", "mentor", "student"]).optional(),
});

/** Test-only sign-in (404 unless enabled; see lib/auth/test-login). */
export const POST = handler({ access: { public: true }, body }, async ({ body }) => {
  if (!testLoginEnabled()) throw notFound();
  const { userId, token } = await signInForTest(body);
  return { userId, token };
});
