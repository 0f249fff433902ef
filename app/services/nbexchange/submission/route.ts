import { submitAssignment } from "@/lib/exchange/endpoints/submission";
import { exchangeRoute, notImplemented } from "@/lib/exchange/http";

// nbgrader `submit`.
export const GET = notImplemented;
export const POST = exchangeRoute(submitAssignment);
