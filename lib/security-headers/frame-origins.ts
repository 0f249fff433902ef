/**
 * The LMS addresses `frame-ancestors` and `form-action` allow, cached for proxy.ts. The proxy must not import the
 * database (it is bundled apart from the app, and runs on every request), so the server installs a loader at start
 * (instrumentation.ts) on globalThis, which the proxy bundle and the app bundles share in one process.
 *
 * Fresh for FRESH_MS; a write that can add an LMS address (a registration, a new LTI context, a Deep Linking request,
 * an LTI 1.1 outcome target) calls invalidateFrameOrigins(), so this server allows it on the next request. Other
 * servers of a deployment learn it within FRESH_MS. A failed refresh keeps the last list it had.
 */

import { log } from "@/lib/log";

// Short, because another instance's new LMS cannot frame this one until the next reload (one small query per
// FRESH_MS per busy instance; seen in the multi-instance test, e2e/cluster/).
export const FRESH_MS = 5_000;

type Loader = () => Promise<string[]>;
type Cache = { loader?: Loader; origins: string[]; loadedAt: number; stale: boolean; loading?: Promise<string[]> };

const holder = globalThis as unknown as { __lanternFrameOrigins?: Cache };
function cache(): Cache {
  holder.__lanternFrameOrigins ??= { origins: [], loadedAt: 0, stale: true };
  return holder.__lanternFrameOrigins;
}

/** Called once at server start with the function that reads the allowed origins from the database. */
export function installFrameOriginsLoader(loader: Loader): void {
  const c = cache();
  c.loader = loader;
  c.stale = true;
}

/** Marks the list out of date: the next request reloads it. */
export function invalidateFrameOrigins(): void {
  cache().stale = true;
}

/** The allowed LMS origins (CSP sources). Without a loader (tests, build) there are none: only Lantern itself. */
export async function frameOrigins(now = Date.now()): Promise<string[]> {
  const c = cache();
  if (!c.loader) return [];
  if (!c.stale && now - c.loadedAt < FRESH_MS) return c.origins;
  c.loading ??= (async () => {
    c.stale = false; // an invalidation while loading marks it stale again
    try {
      c.origins = await c.loader!();
      c.loadedAt = Date.now();
    } catch (error) {
      c.stale = true;
      log.error("frame origins reload failed; keeping the last list", { error });
    } finally {
      c.loading = undefined;
    }
    return c.origins;
  })();
  return c.loading;
}
