"use client";

import { useEffect } from "react";
import { bearerInit, LAUNCH_TOKEN_PARAM, withLaunchToken } from "@/lib/lti/launch-token";

const STORAGE_KEY = "lantern_lt";

/**
 * Keeps a cookie-blocked LMS iframe signed in after the first page (mount once, high in the tree). The launch answers
 * with a redirect to `?lt=<token>`; this remembers the token for the tab (sessionStorage, which browsers partition but
 * do not block), sends it as `Authorization: Bearer` on every same-origin fetch — Next's RSC navigations, server
 * actions and API calls all go through fetch — and keeps it in the address so a reload still works (proxy.ts reads
 * it there). Renders nothing; without an `lt` it does nothing, so email sign-ins are untouched.
 *
 * A token is taken from the address only as Lantern's launch hands it over (issue 10, item 6): inside a frame (the
 * only place cookies are third-party; CSP frame-ancestors limits who may frame Lantern) and either at the end of a
 * redirect (the launch's 303) or equal to the token this tab already holds. Any other `lt` — a link someone crafted
 * with their own token — is dropped, so it cannot swap the reader into another person's session.
 */
export function LaunchTokenBridge() {
  useEffect(() => {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get(LAUNCH_TOKEN_PARAM);
    let stored: string | null = null;
    let storage = true;
    try {
      stored = sessionStorage.getItem(STORAGE_KEY);
    } catch {
      storage = false; // storage blocked too: the address is all there is
    }
    const framed = window.self !== window.top;
    if (fromUrl && !handedOver(fromUrl, { framed, stored, storage })) {
      url.searchParams.delete(LAUNCH_TOKEN_PARAM);
      const clean = url.pathname + url.search + url.hash;
      // proxy.ts rendered this framed page with the foreign token: render it again without it.
      if (framed) window.location.replace(clean);
      else window.history.replaceState(window.history.state, "", clean);
      return;
    }
    if (fromUrl && fromUrl !== stored) {
      try {
        sessionStorage.setItem(STORAGE_KEY, fromUrl);
      } catch {
        // storage unavailable: the URL token still covers this page
      }
    }
    const lt = fromUrl ?? (framed ? stored : null);
    if (!lt) return;
    if (!fromUrl) window.history.replaceState(window.history.state, "", withLaunchToken(url.pathname + url.search + url.hash, lt));
    const original = window.fetch;
    window.fetch = (input, init) => original(input, bearerInit(input, init, window.location.origin, lt));
    return () => {
      window.fetch = original;
    };
  }, []);
  return null;
}

/** Whether an `lt` in the address came from Lantern's own launch (see above), not from a link. */
function handedOver(token: string, { framed, stored, storage }: { framed: boolean; stored: string | null; storage: boolean }) {
  if (!framed) return false;
  if (token === stored) return true;
  const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  // Counts only same-origin redirects, so a redirect counted here was Lantern's (the launch answers 303).
  if ((navigation?.redirectCount ?? 0) > 0) return true;
  return !storage;
}
