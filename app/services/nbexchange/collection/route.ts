import { downloadCollection } from "@/lib/exchange/endpoints/collections";
import { exchangeRoute, notImplemented } from "@/lib/exchange/http";

// nbgrader `collect`, step 2.
export const GET = exchangeRoute(downloadCollection);
export const POST = notImplemented;
