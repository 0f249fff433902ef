/** A date as people read it in the UI, in UTC so server and client renders agree ("Mon, 7 Dec 2026, 17:00 UTC"). */
export function formatDate(date: Date, { seconds = false }: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds && { second: "2-digit" }),
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(date);
}
