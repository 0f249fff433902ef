"use client";

import { useEffect } from "react";

/**
 * Tells the LMS page holding Lantern that content finished importing: Canvas's `lti.resourceImported` postMessage
 * (https://canvas.instructure.com/doc/api/file.lti_window_post_message.html), after which Canvas reloads the page
 * around the tool when its tray closes, so what the import changed there is shown. Rendered once an import or a copy
 * from another course has landed; other LMSs ignore the message. Sent to the parent frame only (never outside a
 * frame), with target "*" as `FrameResize` does: the LMS's origin is not known to the page and the message carries
 * nothing but its subject.
 */
export function ResourceImported() {
  useEffect(() => {
    if (window.parent === window) return;
    window.parent.postMessage({ subject: "lti.resourceImported" }, "*");
  }, []);
  return null;
}
