"use client";

import { useEffect, useId, useState } from "react";
import { previewInstructions } from "../actions";
import { errorsFor, inputClass, type FieldErrors } from "./field";

/**
 * Markdown instructions with a live preview rendered by the server's renderMarkdown — the very function the student's
 * page uses — so what staff see is exactly what students get (sanitised, headings shifted, links opening outside).
 */
export function InstructionsEditor({ courseId, value, onChange, errors, disabled }: { courseId: string; value: string; onChange: (v: string) => void; errors: FieldErrors; disabled: boolean }) {
  const id = useId();
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      previewInstructions(courseId, value)
        .then((rendered) => !stale && setHtml(rendered))
        .catch(() => !stale && setHtml(null));
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [courseId, value]);
  const messages = errorsFor(errors, "instructions");
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          Instructions (Markdown)
        </label>
        <textarea
          id={id}
          className={`${inputClass} min-h-64 font-mono text-sm`}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          Headings, lists, tables, code blocks (```python), links and images by URL (https).
        </p>
        {messages.map((m) => (
          <p key={m} className="text-sm text-red-800">
            {m}
          </p>
        ))}
      </div>
      <section aria-labelledby={`${id}-preview`} className="min-w-0">
        <h3 id={`${id}-preview`} className="text-sm font-medium">
          Preview (as students see it)
        </h3>
        <div className="mt-1 min-h-64 rounded border border-slate-300 p-3">
          {html === null ? (
            <p className="text-sm text-slate-600">Preparing the preview…</p>
          ) : (
            // Sanitised on the server by lib/markdown (the student page's renderer).
            <article className="prose-lantern" dangerouslySetInnerHTML={{ __html: html }} />
          )}
        </div>
      </section>
    </div>
  );
}
