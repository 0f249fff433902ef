// What the editor does on load with this device's copy of the work (IndexedDB) against the server's.
import type { StarterFile } from "@/lib/grading/types";
import type { Draft } from "./local-store";

export type DraftChoice =
  /** Nothing unsaved on this device. */
  | "none"
  /** The server already holds exactly this device's copy (a save that landed after its tab closed): mark it saved. */
  | "clean"
  /** This device's copy is newer: show it, tell the student, and send it. */
  | "restore"
  /** The server's copy is newer: keep it, tell the student, and replace this device's copy. */
  | "replace";

export function chooseDraft(draft: Draft | null, server: { files: StarterFile[] | null; savedAt: string | null }): DraftChoice {
  if (!draft?.dirty) return "none";
  if (server.files && sameFiles(draft.files, server.files)) return "clean";
  if (!server.savedAt || draft.changedAt > server.savedAt) return "restore";
  return server.files ? "replace" : "restore";
}

/** Same names and contents in the same order (jsonb reorders object keys, so no JSON.stringify comparison). */
function sameFiles(a: StarterFile[], b: StarterFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.content === b[i].content);
}
