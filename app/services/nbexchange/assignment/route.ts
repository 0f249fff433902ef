import { fetchAssignment, releaseAssignment, unreleaseAssignment } from "@/lib/exchange/endpoints/assignment";
import { exchangeRoute } from "@/lib/exchange/http";

// nbgrader `fetch_assignment` (GET), `release_assignment` (POST), `list --remove` (DELETE).
export const GET = exchangeRoute(fetchAssignment);
export const POST = exchangeRoute(releaseAssignment);
export const DELETE = exchangeRoute(unreleaseAssignment);
