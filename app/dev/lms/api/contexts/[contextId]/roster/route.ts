import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { notFound } from "@/lib/errors";
import { findPerson } from "@/lib/dev-lms/people";
import { requireDevLms } from "@/lib/dev-lms/platform";
import { ensureDevLmsRosterChange, selectDevLmsRosterChanges } from "@/lib/models/dev-lms";

export const dynamic = "force-dynamic";

const params = z.object({ contextId: z.string().min(1).max(200) });
const body = z.object({ userId: z.string().min(1).max(200), status: z.enum(["Active", "Inactive", "Deleted", "removed"]) });

/** Test hook (dev only): the roster changes of one course. */
export const GET = handler({ access: { public: true }, params }, async ({ params }) => {
  requireDevLms();
  return { changes: await selectDevLmsRosterChanges({ contextId: params.contextId }) };
});

/**
 * Test hook (dev only): make a member of one course Inactive or Deleted (NRPS still lists them with that status),
 * removed (no longer listed), or Active again.
 */
export const PUT = handler({ access: { public: true }, params, body }, async ({ params, body }) => {
  requireDevLms();
  const person = findPerson(body.userId);
  if (!person) throw notFound("No such person in the dev LMS.");
  await ensureDevLmsRosterChange({ values: { contextId: params.contextId, userId: person.userId, status: body.status } });
  return { ok: true };
});
