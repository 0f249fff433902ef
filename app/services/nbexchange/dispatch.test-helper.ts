import * as assignment from "./assignment/route";
import * as assignments from "./assignments/route";
import * as collection from "./collection/route";
import * as collections from "./collections/route";
import * as feedback from "./feedback/route";
import * as history from "./history/route";
import * as home from "./route";
import * as submission from "./submission/route";
import * as submissions from "./submissions/route";

type Module = Partial<Record<"GET" | "POST" | "DELETE", (req: Request) => Response | Promise<Response>>>;

const ROUTES: Record<string, Module> = {
  "": home,
  assignments,
  assignment,
  submission,
  submissions,
  collections,
  collection,
  feedback,
  history,
};

/** Sends a Request to the exchange's route handlers the way Next routes it (404 unknown path, 405 unknown method). */
export async function dispatchExchange(req: Request): Promise<Response> {
  const match = /^\/services\/nbexchange\/?(.*)$/.exec(new URL(req.url).pathname);
  const mod = match ? ROUTES[match[1]] : undefined;
  if (!mod) return new Response("Not found", { status: 404 });
  const fn = mod[req.method as keyof Module];
  if (!fn) return new Response(null, { status: 405 });
  return fn(req);
}
