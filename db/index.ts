import "server-only";
import { getDatabase } from "./client";

export type { Database } from "./client";
export { getDatabase } from "./client";
export * as schema from "./schema";

/** The Drizzle client for this process. Only `lib/models` may call this (ESLint enforces it). */
export function db() {
  return getDatabase().db;
}
