import { fetchFeedback, releaseFeedback } from "@/lib/exchange/endpoints/feedback";
import { exchangeRoute } from "@/lib/exchange/http";

// nbgrader `fetch_feedback` (GET) and `release_feedback` (POST).
export const GET = exchangeRoute(fetchFeedback);
export const POST = exchangeRoute(releaseFeedback);
