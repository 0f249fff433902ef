"use client";

import { useState } from "react";
import { inputClass, secondaryButton } from "@/components/form-controls";

/** A read-only value an admin pastes into an LMS (install URLs), with a Copy button. */
export function CopyField({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input id={id} readOnly value={value} className={`${inputClass} font-mono text-sm`} aria-describedby={hint ? `${id}-hint` : undefined} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className={`${secondaryButton} mt-1`}
          aria-label={`Copy ${label}`}
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined);
            setCopied(true);
          }}
        >
          Copy
        </button>
        <span role="status" className="mt-1 text-xs text-slate-600">
          {copied ? "Copied." : ""}
        </span>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}
