import { handler } from "@/lib/auth/handler";
import { openApiDocument } from "@/lib/api/v1/openapi";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of /api/v1 (public: it describes the API, it exposes no data). */
export const GET = handler({ access: { public: true } }, async () => openApiDocument({ serverUrl: `${env().APP_URL}/api/v1` }));
