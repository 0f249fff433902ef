import type { SystemAuthz } from "@/lib/auth/authz";
import type { ExportAssignment, ExportScope, ExportSubject } from "@/lib/models/export-data";
import type { PseudonymKey } from "./deidentify";
import type { ShardInput, ShardOutput, ShardPaths } from "./progsnap2/shard";

/** Builds one shard of a ProgSnap2 dataset elsewhere (a worker thread: progsnap2/shard-thread.ts). */
export type ShardRunner = (args: {
  input: ShardInput;
  paths: ShardPaths;
  onProgress: (doneSubjects: number) => Promise<void>;
  signal: AbortSignal;
}) => Promise<ShardOutput>;

/** Everything a builder needs: the scope, who and what it covers, and where its bytes go. */
export type BuildContext = {
  system: SystemAuthz;
  scope: ExportScope;
  audience: "staff" | "research";
  course: { id: string; title: string; code: string | null };
  assignments: ExportAssignment[];
  subjects: ExportSubject[];
  /** Research exports only: the key behind subject ids and other pseudonyms. */
  key: PseudonymKey | null;
  /** Receives the file's bytes in order (backpressure by awaiting). */
  sink: (chunk: Buffer) => Promise<void>;
  /** Reports progress (0–100) and what is happening. */
  progress: (percent: number, message: string) => Promise<void>;
  /** A private scratch directory for this build, removed afterwards. */
  tempDir: string;
  /** Options of the export kind (validated). */
  options: Record<string, unknown>;
  now: Date;
  /** Builders that can split their work may use this many shards, all but the first run by `run`. */
  parallel?: { shards: number; minSubjectsPerShard?: number; run: ShardRunner };
};

export type BuildResult = { rows: number; filename: string; contentType: string };

/** "CS 101 grades 2026-03-01.csv"-style file names, safe on every OS. */
export function exportFilename(course: BuildContext["course"], what: string, now: Date, ext: string): string {
  const label = (course.code || course.title).replace(/[^\p{L}\p{N} ._-]+/gu, "").trim().slice(0, 60) || "course";
  return `${label} ${what} ${now.toISOString().slice(0, 10)}.${ext}`;
}
