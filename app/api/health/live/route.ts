import { handler } from "@/lib/auth/handler";

export const dynamic = "force-dynamic";

/**
 * Liveness for process supervisors and orchestrators: 200 while this process serves HTTP. It touches nothing shared,
 * so a database outage makes instances unready (/api/health/ready), not restarted all at once.
 */
export const GET = handler({ access: { public: true } }, async () =>
  Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
);
