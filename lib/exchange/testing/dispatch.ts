import * as assignment from "@/app/services/nbexchange/assignment/route";
import * as assignments from "@/app/services/nbexchange/assignments/route";
import * as collection from "@/app/services/nbexchange/collection/route";
import * as collections from "@/app/services/nbexchange/collections/route";
import * as feedback from "@/app/services/nbexchange/feedback/route";
import * as history from "@/app/services/nbexchange/history/route";
import * as home from "@/app/services/nbexchange/route";
import * as submission from "@/app/services/nbexchange/submission/route";
import * as submissions from "@/app/services/nbexchange/submissions/route";

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
