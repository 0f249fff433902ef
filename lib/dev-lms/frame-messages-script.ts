/**
 * The platform side of the tool-frame postMessages Lantern sends, as Canvas implements them
 * (https://canvas.instructure.com/doc/api/file.lti_window_post_message.html):
 * - `lti.frameResize`: the tool frame asks for a height and the LMS sets its iframe to it (clamped, as Canvas does not
 *   let a tool make itself vanish or grow without bound);
 * - `lti.resourceImported`: the tool finished importing content; Canvas reloads the page holding the tool when the
 *   tool's tray closes. The dev LMS has no tray, so it only counts them on the frame (`data-resources-imported`), which
 *   is what e2e tests read.
 * Only messages from the tool frame itself, from a registered tool's origin, are honoured.
 */
export function frameMessagesScript({ allowedOrigins, frameName }: { allowedOrigins: string[]; frameName: string }): string {
  return `(() => {
  const allowed = new Set(${JSON.stringify(allowedOrigins)});
  window.addEventListener("message", (event) => {
    const m = typeof event.data === "string" ? (() => { try { return JSON.parse(event.data); } catch { return null; } })() : event.data;
    if (!m || typeof m !== "object" || !allowed.has(event.origin)) return;
    const frame = document.querySelector("iframe[name=" + JSON.stringify(${JSON.stringify(frameName)}) + "]");
    if (!frame || frame.contentWindow !== event.source) return;
    if (m.subject === "lti.resourceImported") {
      frame.dataset.resourcesImported = String(Number(frame.dataset.resourcesImported || 0) + 1);
      return;
    }
    if (m.subject !== "lti.frameResize") return;
    const height = typeof m.height === "number" ? m.height : parseInt(String(m.height), 10);
    if (!Number.isFinite(height)) return;
    frame.style.height = Math.min(20000, Math.max(240, Math.round(height))) + "px";
    frame.dataset.resizedTo = String(Math.round(height));
  });
})();`;
}
