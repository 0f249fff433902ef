"use client";

import { useSyncExternalStore } from "react";
import { formatDate } from "@/lib/format";

const subscribe = () => () => {};

/**
 * A date shown in the reader's own time zone. The server renders it in UTC (it does not know the reader's zone);
 * the browser then shows the local time, with the zone named so nobody misreads it.
 */
export function LocalTime({ iso, seconds = false }: { iso: string; /** Also show seconds (audit entries). */ seconds?: boolean }) {
  const local = useSyncExternalStore(
    subscribe,
    () =>
      new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", ...(seconds && { second: "2-digit" }), timeZoneName: "short" }).format(
        new Date(iso),
      ),
    () => formatDate(new Date(iso), { seconds }),
  );
  return <time dateTime={iso}>{local}</time>;
}
