import { z } from "zod";
import { handler } from "@/lib/auth/handler";
import { DeepLinkError, receiveDeepLinkingResponse } from "@/lib/dev-lms/deep-linking";
import { escapeHtml, htmlResponse, messagePage, wantsJson } from "@/lib/dev-lms/html";
import { platformUrls, requestOrigin, requireDevLms } from "@/lib/dev-lms/platform";
import { insertDevLmsCall } from "@/lib/models/dev-lms-ags";

export const dynamic = "force-dynamic";

const query = z.object({ launch: z.string().max(100) });

/**
 * The deep_link_return_url: the tool form-posts `JWT` here (Deep Linking 2.0 §4.5). The outcome is recorded as a
 * call (service "dl.return") so tests can read what the tool returned.
 */
export const POST = handler({ access: { public: true }, sameOriginOnly: false, query }, async ({ req, query }) => {
  requireDevLms();
  const form = new URLSearchParams((await req.text()).slice(0, 256 * 1024));
  const urls = platformUrls(requestOrigin(req));
  let status = 200;
  let body: string;
  let recorded: unknown;
  try {
    const outcome = await receiveDeepLinkingResponse({ launchId: query.launch, jwt: form.get("JWT") ?? "", urls });
    recorded = { claims: outcome.claims, created: outcome.links.map((l) => ({ resourceLinkId: l.link.id, lineItemId: l.lineItem?.id ?? null })) };
    const rows = outcome.links
      .map((l) => `<tr><td>${escapeHtml(l.link.title)}</td><td>${escapeHtml(l.link.url ?? "(tool default)")}</td><td>${l.lineItem ? `${l.lineItem.scoreMaximum} points` : "no grade column"}</td></tr>`)
      .join("");
    const notes = (["msg", "log", "errormsg", "errorlog"] as const)
      .filter((k) => outcome[k])
      .map((k) => `<p><strong>${k}:</strong> ${escapeHtml(outcome[k]!)}</p>`)
      .join("");
    body = messagePage(
      outcome.links.length || outcome.otherItems.length ? "Content added to the course" : "Nothing was added (the tool returned no items)",
      `${notes}${rows ? `<table><caption>Resource links created</caption><thead><tr><th scope="col">Title</th><th scope="col">URL</th><th scope="col">Grade column</th></tr></thead><tbody>${rows}</tbody></table>` : ""}
${outcome.otherItems.length ? `<h2 style="font-size:1rem">Other items</h2><pre>${escapeHtml(JSON.stringify(outcome.otherItems, null, 2))}</pre>` : ""}
<p><a href="${escapeHtml(urls.course)}" target="_top">Back to the course</a></p>`,
    );
  } catch (error) {
    if (!(error instanceof DeepLinkError)) throw error;
    status = 400;
    recorded = { error: error.message };
    body = messagePage("The dev LMS refused the Deep Linking response", `<p>${escapeHtml(error.message)}</p>`);
  }
  await insertDevLmsCall({
    values: {
      clientId: null,
      contextId: null,
      service: "dl.return",
      method: "POST",
      url: req.url,
      status,
      injected: null,
      contentType: req.headers.get("content-type"),
      requestBody: { JWT: "[verified above]" },
      responseBody: recorded,
    },
  });
  if (wantsJson(req)) return Response.json(recorded, { status });
  return htmlResponse(body, status);
});
