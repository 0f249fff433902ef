import { handler } from "@/lib/auth/handler";
import { log } from "@/lib/log";
import { checkDatabase } from "@/lib/models/health";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 with the driver and migration state, 503 when the database cannot be reached. */
export const GET = handler({ access: { public: true } }, async () => {
  try {
    const status = await checkDatabase();
    return Response.json({ status: "ok", ...status }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    log.error("health check failed", { error });
    return Response.json(
      { status: "unavailable", error: { code: "db_unreachable", message: "The database cannot be reached." } },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
});
