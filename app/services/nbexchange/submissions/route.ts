import { notImplemented } from "@/lib/exchange/http";

// Routed but not implemented in nbexchange either.
export const GET = notImplemented;
export const POST = notImplemented;
