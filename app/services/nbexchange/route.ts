/** The exchange's home: nbexchange answers its name and version here; clients use it to check the base URL. */
export function GET() {
  return new Response("Lantern nbexchange-compatible exchange (nbexchange 2.0 API)", {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
