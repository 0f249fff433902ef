"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Polls `url` (JSON, with the session's cookies) once a second until `isFinal` says the answer is the last one, then
 * calls `onFinal` once. A failed poll (offline a moment, a 5xx) is simply tried again. The callbacks are read from a
 * ref, so callers may pass inline functions without restarting the loop on every render.
 */
export function usePoll<T>(url: string, isFinal: (value: T) => boolean, onFinal?: (value: T) => void): T | null {
  const [value, setValue] = useState<T | null>(null);
  const callbacks = useRef({ isFinal, onFinal });
  useEffect(() => {
    callbacks.current = { isFinal, onFinal };
  });
  useEffect(() => {
    let stop = false;
    const poll = async () => {
      try {
        const response = await fetch(url, { credentials: "include" });
        if (response.ok) {
          const next = (await response.json()) as T;
          if (stop) return;
          setValue(next);
          if (callbacks.current.isFinal(next)) {
            callbacks.current.onFinal?.(next);
            return;
          }
        }
      } catch {
        // Offline for a moment: try again.
      }
      if (!stop) setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [url]);
  return value;
}
