import { STORAGE_FRAME_NAME } from "./platform";

/**
 * The platform side of LTI client-side postMessage storage (1EdTech lti-cs-pm and lti-pm-storage, v0.1): answers
 * `lti.capabilities`, `lti.put_data` and `lti.get_data` (Canvas's subjects; D2L's older `org.imsglobal.lti.*` ones
 * too). Messages from origins other than the registered tools' are ignored, replies go only to the sender's
 * origin, and data is kept per origin so one tool cannot read another's values.
 * `storage` is false in the course page, which answers only capabilities and points the tool at the storage frame.
 */
export function storageScript({ allowedOrigins, storage }: { allowedOrigins: string[]; storage: boolean }): string {
  return `(() => {
  const allowed = new Set(${JSON.stringify(allowedOrigins)});
  const frame = ${JSON.stringify(STORAGE_FRAME_NAME)};
  const storage = ${storage ? "true" : "false"};
  const data = new Map();
  // Visible to tests (dev only): which keys each tool origin stored.
  if (storage) window.devLmsStorage = data;
  window.addEventListener("message", (event) => {
    const m = event.data;
    if (!m || typeof m !== "object" || typeof m.subject !== "string") return;
    const parts = /^((?:org\\.imsglobal\\.)?lti)\\.(capabilities|put_data|get_data)$/.exec(m.subject);
    if (!parts || !event.source) return;
    if (!allowed.has(event.origin)) { console.warn("dev LMS: ignored " + m.subject + " from " + event.origin); return; }
    const prefix = parts[1], kind = parts[2];
    const reply = (body) => event.source.postMessage(Object.assign({ subject: m.subject + ".response", message_id: m.message_id }, body), event.origin);
    if (kind === "capabilities") {
      reply({ supported_messages: [
        { subject: prefix + ".capabilities" },
        { subject: prefix + ".put_data", frame },
        { subject: prefix + ".get_data", frame },
      ] });
      return;
    }
    if (!storage) { reply({ error: { code: "unsupported_subject", message: "Use the frame named " + frame + "." } }); return; }
    if (typeof m.key !== "string" || m.key === "" || m.key.length > 1024) { reply({ error: { code: "bad_request", message: "key must be a non-empty string" } }); return; }
    const store = data.get(event.origin) || new Map();
    data.set(event.origin, store);
    if (kind === "put_data") {
      if (typeof m.value !== "string" || m.value.length > 4096) { reply({ key: m.key, error: { code: "bad_request", message: "value must be a string of at most 4096 characters" } }); return; }
      store.set(m.key, m.value);
      reply({ key: m.key, value: m.value });
      return;
    }
    reply({ key: m.key, value: store.has(m.key) ? store.get(m.key) : undefined });
  });
})();`;
}

/** Origins allowed to use platform storage: those of the registered tools' login and launch URLs. */
export function toolOrigins(tools: { initiateLoginUri: string; redirectUris: string[] }[]): string[] {
  const origins = new Set<string>();
  for (const t of tools) for (const u of [t.initiateLoginUri, ...t.redirectUris]) origins.add(new URL(u).origin);
  return [...origins];
}
