"use client";

import { useEffect } from "react";
import { bearerInit, LAUNCH_TOKEN_PARAM, withLaunchToken } from "@/lib/lti/launch-token";

const STORAGE_KEY = "lantern_lt";

/**
 * Keeps a cookie-blocked LMS iframe signed in after the first page (mount once, high in the tree). The launch lands
 * on `?lt=<token>`; this remembers the token for the tab (sessionStorage, which browsers partition but do not block),
 * sends it as `Authorization: Bearer` on every same-origin fetch — Next's RSC navigations, server actions and API
 * calls all go through fetch — and keeps it in the address so a reload still works (proxy.ts reads it there).
 * Renders nothing; without an `lt` it does nothing, so email sign-ins are untouched.
 */
export function LaunchTokenBridge() {
  useEffect(() => {
    const url = new URL(window.location.href);
    const fromUrl = url.searchParams.get(LAUNCH_TOKEN_PARAM);
    let lt: string | null = null;
    try {
      if (fromUrl) sessionStorage.setItem(STORAGE_KEY, fromUrl);
      lt = fromUrl ?? sessionStorage.getItem(STORAGE_KEY);
    } catch {
      lt = fromUrl; // storage unavailable: the URL token still covers this page
    }
    if (!lt) return;
    if (!fromUrl) window.history.replaceState(window.history.state, "", withLaunchToken(url.pathname + url.search + url.hash, lt));
    const original = window.fetch;
    const token = lt;
    window.fetch = (input, init) => original(input, bearerInit(input, init, window.location.origin, token));
    return () => {
      window.fetch = original;
    };
  }, []);
  return null;
}
