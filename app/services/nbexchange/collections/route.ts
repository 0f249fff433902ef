import { listCollections } from "@/lib/exchange/endpoints/collections";
import { exchangeRoute, notImplemented } from "@/lib/exchange/http";

// nbgrader `collect`, step 1.
export const GET = exchangeRoute(listCollections, { list: true });
export const POST = notImplemented;
