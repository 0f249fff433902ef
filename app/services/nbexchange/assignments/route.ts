import { listAssignments } from "@/lib/exchange/endpoints/assignments";
import { exchangeRoute, notImplemented } from "@/lib/exchange/http";

// nbgrader `list`. https://github.com/edina/nbexchange (handlers/assignment.py, Assignments)
export const GET = exchangeRoute(listAssignments, { list: true });
export const POST = notImplemented;
