/**
 * The platform side of `lti.frameResize` as Canvas implements it
 * (https://canvas.instructure.com/doc/api/file.lti_window_post_message.html): the tool frame asks for a height and
 * the LMS sets its iframe to it (clamped, as Canvas does not let a tool make itself vanish or grow without bound).
 * Only messages from the tool frame itself, from a registered tool's origin, are honoured.
 */
export function frameResizeScript({ allowedOrigins, frameName }: { allowedOrigins: string[]; frameName: string }): string {
  return `(() => {
  const allowed = new Set(${JSON.stringify(allowedOrigins)});
  window.addEventListener("message", (event) => {
    const m = typeof event.data === "string" ? (() => { try { return JSON.parse(event.data); } catch { return null; } })() : event.data;
    if (!m || typeof m !== "object" || m.subject !== "lti.frameResize" || !allowed.has(event.origin)) return;
    const frame = document.querySelector("iframe[name=" + JSON.stringify(${JSON.stringify(frameName)}) + "]");
    if (!frame || frame.contentWindow !== event.source) return;
    const height = typeof m.height === "number" ? m.height : parseInt(String(m.height), 10);
    if (!Number.isFinite(height)) return;
    frame.style.height = Math.min(20000, Math.max(240, Math.round(height))) + "px";
    frame.dataset.resizedTo = String(Math.round(height));
  });
})();`;
}
