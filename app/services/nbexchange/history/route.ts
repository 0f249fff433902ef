import { listHistory } from "@/lib/exchange/endpoints/assignments";
import { exchangeRoute } from "@/lib/exchange/http";

// The nbexchange JupyterLab UI's history view.
export const GET = exchangeRoute(listHistory, { list: true });
