import { handler } from "@/lib/auth/handler";
import { log } from "@/lib/log";
import { checkDatabase } from "@/lib/models/health";
import { isDraining } from "@/lib/server/shutdown";
import { storage } from "@/lib/storage";

export const dynamic = "force-dynamic";

type Check = "ok" | "unreachable" | "pending";

/**
 * Readiness for load balancers: 200 only when this instance can serve real requests — the database answers, every
 * migration of this build is applied (an instance of a new release must not take traffic before `npm run db:migrate`
 * ran), and object storage (the bucket or directory) answers. Otherwise 503 naming what is missing. After SIGTERM,
 * 503 "draining" while the instance still serves what it is sent (lib/server/shutdown.ts).
 */
export const GET = handler({ access: { public: true } }, async () => {
  if (isDraining()) {
    return Response.json(
      { status: "draining", error: { code: "draining", message: "This instance is shutting down; send requests to another one." } },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
  const checks: { db: Check; migrations: Check; storage: Check } = { db: "ok", migrations: "ok", storage: "ok" };
  try {
    const db = await checkDatabase();
    if (db.migrations !== "current") checks.migrations = "pending";
  } catch (error) {
    log.error("readiness: database unreachable", { error });
    checks.db = "unreachable";
    checks.migrations = "unreachable";
  }
  try {
    // A key that never exists: the answer (none) proves the store is reachable and the credentials work.
    await storage().stat("health/readiness-probe");
  } catch (error) {
    log.error("readiness: storage unreachable", { error });
    checks.storage = "unreachable";
  }
  const ready = Object.values(checks).every((c) => c === "ok");
  return Response.json(
    ready ? { status: "ready", checks } : { status: "unavailable", checks, error: { code: "not_ready", message: "This instance cannot serve requests yet." } },
    { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
