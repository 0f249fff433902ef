"use client";

import { useEffect } from "react";

/**
 * Asks the LMS to fit its iframe to Lantern's content: the `lti.frameResize` postMessage with the content height, on
 * load and whenever the content's size changes. Canvas, Brightspace and others honour it
 * (https://canvas.instructure.com/doc/api/file.lti_window_post_message.html; 1EdTech LTI client-side postMessages,
 * https://www.imsglobal.org/spec/lti-cs-pm/v0p1). Only sent to the parent frame, and only when there is one: outside
 * an iframe this does nothing.
 *
 * Inside a frame the page's `min-height: 100vh` is dropped (the `data-lti-frame` attribute in globals.css):
 * otherwise the measured height could never be less than the frame's, and the frame could grow but never shrink.
 * The target origin is "*": the LMS's origin is not known to the page, and the message carries only a height.
 */
export function FrameResize() {
  useEffect(() => {
    if (window.parent === window) return;
    const root = document.documentElement;
    root.setAttribute("data-lti-frame", "");
    let last = 0;
    let queued = 0;
    const send = () => {
      queued = 0;
      const height = Math.ceil(Math.max(document.body.getBoundingClientRect().height, document.body.scrollHeight));
      if (height <= 0 || Math.abs(height - last) < 2) return;
      last = height;
      window.parent.postMessage({ subject: "lti.frameResize", height }, "*");
    };
    const schedule = () => {
      if (!queued) queued = requestAnimationFrame(send);
    };
    const observer = new ResizeObserver(schedule);
    observer.observe(document.body);
    window.addEventListener("load", schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener("load", schedule);
      if (queued) cancelAnimationFrame(queued);
      root.removeAttribute("data-lti-frame");
    };
  }, []);
  return null;
}
