import { apiRoute } from "@/lib/api/v1/contract";
import { getCourse } from "@/lib/api/v1/routes";
import { courseShape } from "@/lib/api/v1/shapes";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getCourse, async ({ authz }) => courseShape(authz.course, authz.role));
