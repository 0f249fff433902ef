import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { backgroundMode } from "@/lib/background";

// Inngest calls this endpoint to run functions; its requests are signed with INNGEST_SIGNING_KEY and verified by
// the SDK, so it does not use the session wrapper. Without Inngest configured the endpoint does not exist: the same
// functions run in-process from the outbox instead.
const inngestHandlers = serve({ client: inngest, functions });

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
const onlyWithInngest =
  (h: unknown): Handler =>
  async (req, ctx) =>
    backgroundMode() === "inngest"
      ? (h as Handler)(req, ctx)
      : Response.json({ error: { code: "not_found", message: "Inngest is not configured." } }, { status: 404 });

export const GET = onlyWithInngest(inngestHandlers.GET);
export const POST = onlyWithInngest(inngestHandlers.POST);
export const PUT = onlyWithInngest(inngestHandlers.PUT);
