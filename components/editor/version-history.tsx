"use client";
import { useState } from "react";
import { LocalTime } from "@/components/local-time";
import type { StarterFile } from "@/lib/grading/types";
import { workFetch } from "./api";

type Version = { version: number; kind: string; savedAt: string; clientSavedAt: string | null; bytes: number };

const KIND: Record<string, string> = { autosave: "Saved", restore: "Restored", submit: "Submitted" };

/** The list of saved versions with a Restore button each (restoring saves the old files as a new version). */
export function VersionHistory({
  submissionId,
  token,
  disabled,
  onRestore,
}: {
  submissionId: string | null;
  token?: string;
  disabled: boolean;
  onRestore: (files: StarterFile[], version: number) => void;
}) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    if (!submissionId) return setVersions([]);
    try {
      setVersions((await workFetch<{ versions: Version[] }>(`/api/submissions/${submissionId}/versions`, { token })).versions);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function restore(version: number) {
    // Restoring replaces the code in the editor: ask first (issue 19, item 3). The current code stays a version.
    if (!window.confirm(`Replace the code in the editor with version ${version}? Your current code stays in the version history.`)) return;
    try {
      const { files } = await workFetch<{ files: StarterFile[] }>(`/api/submissions/${submissionId}/versions/${version}`, { token });
      onRestore(files, version);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <details className="mt-4" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary className="cursor-pointer text-sm font-medium">Version history</summary>
      {error && <p role="alert" className="mt-2 text-sm text-red-800">{error}</p>}
      {versions?.length === 0 && <p className="mt-2 text-sm text-slate-700">Nothing saved yet.</p>}
      {versions && versions.length > 0 && (
        <ol tabIndex={0} aria-label="Saved versions" className="mt-2 max-h-64 space-y-1 overflow-auto text-sm">
          {versions.map((v) => (
            <li key={v.version} className="flex items-center justify-between gap-2 rounded border border-slate-200 px-2 py-1">
              <span>
                Version {v.version} · {KIND[v.kind] ?? v.kind} ·{" "}
                <LocalTime iso={v.clientSavedAt ?? v.savedAt} />
              </span>
              <button
                type="button"
                disabled={disabled}
                onClick={() => void restore(v.version)}
                className="rounded border border-slate-400 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-50"
              >
                Restore<span className="sr-only"> version {v.version}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
