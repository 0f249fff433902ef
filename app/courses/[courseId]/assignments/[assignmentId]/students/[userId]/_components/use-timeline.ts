"use client";
import { useCallback, useRef, useState } from "react";
import type { StarterFile } from "@/lib/grading/types";
import type { TimelineStep } from "@/lib/models/staff-work";
import { workFetch } from "@/components/editor/api";

export const TIMELINE_PAGE = 200;

/**
 * The replay's data, loaded lazily: timeline pages of 200 versions as the slider reaches them, and each version's
 * files when shown (with the ones about to be played prefetched). Nothing loads the whole history at once.
 */
export function useTimeline({ base, versions, initial }: { base: string; versions: number; initial: { version: number; files: StarterFile[] } | null }) {
  const [pages, setPages] = useState<Map<number, TimelineStep[]>>(new Map());
  const [files, setFiles] = useState<Map<number, StarterFile[]>>(() => new Map(initial ? [[initial.version, initial.files]] : []));
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<string>());

  const loadPage = useCallback(
    async (index: number) => {
      const key = `p${index}`;
      if (pending.current.has(key)) return;
      pending.current.add(key);
      try {
        const page = await workFetch<{ steps: TimelineStep[] }>(`${base}/timeline?after=${index * TIMELINE_PAGE}&limit=${TIMELINE_PAGE}`);
        setPages((m) => new Map(m).set(index, page.steps));
      } catch (e) {
        pending.current.delete(key);
        setError((e as Error).message);
      }
    },
    [base],
  );

  const loadFiles = useCallback(
    async (version: number) => {
      const key = `v${version}`;
      if (version < 1 || version > versions || pending.current.has(key)) return;
      pending.current.add(key);
      try {
        const got = await workFetch<{ files: StarterFile[] }>(`${base}/versions/${version}`);
        setFiles((m) => new Map(m).set(version, got.files));
      } catch (e) {
        pending.current.delete(key);
        setError((e as Error).message);
      }
    },
    [base, versions],
  );

  /** Makes sure version `v` (its step, its files and the previous version's for the diff) is on its way. */
  const want = useCallback(
    (v: number, ahead = 0) => {
      if (v < 1) return;
      void loadPage(Math.floor((v - 1) / TIMELINE_PAGE));
      for (let k = v - 1; k <= Math.min(versions, v + ahead); k++) if (k >= 1 && !files.has(k)) void loadFiles(k);
    },
    [loadPage, loadFiles, files, versions],
  );

  const step = (v: number): TimelineStep | undefined => pages.get(Math.floor((v - 1) / TIMELINE_PAGE))?.[(v - 1) % TIMELINE_PAGE];
  return { step, files, want, error };
}
