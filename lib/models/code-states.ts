import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { schema, type Database } from "@/db";
import type { StarterFile } from "@/lib/grading/types";

const { codeStates } = schema;

/** A database or an open transaction. */
export type Executor = Pick<Database, "insert" | "update" | "select" | "execute">;

/** The content hash that identifies a code state (sha256 over the files in order, names and contents). */
export function codeStateHash(files: StarterFile[]): string {
  return createHash("sha256")
    .update(JSON.stringify(files.map((f) => [f.name, f.content])))
    .digest("base64url");
}

/**
 * Stores each distinct set of files once and returns the code-state id for every hash (ProgSnap2 CodeStateID).
 * Safe under concurrency: inserts are ON CONFLICT DO NOTHING, then all ids are read back.
 */
export async function ensureCodeStates(tx: Executor, fileSets: StarterFile[][]): Promise<Map<string, string>> {
  const byHash = new Map<string, StarterFile[]>();
  for (const files of fileSets) byHash.set(codeStateHash(files), files);
  if (byHash.size === 0) return new Map();
  const values = [...byHash].map(([hash, files]) => ({
    hash,
    files,
    bytes: files.reduce((n, f) => n + Buffer.byteLength(f.content, "utf8"), 0),
  }));
  await tx.insert(codeStates).values(values).onConflictDoNothing({ target: codeStates.hash });
  const rows = await tx
    .select({ id: codeStates.id, hash: codeStates.hash })
    .from(codeStates)
    .where(inArray(codeStates.hash, [...byHash.keys()]));
  return new Map(rows.map((r) => [r.hash, r.id]));
}

/**
 * Stores one set of files (deduplicated) and returns its code-state id and hash. New content (every autosave of
 * edited code) costs one statement; content already stored costs a second one to read its id. ON CONFLICT DO NOTHING
 * waits for a concurrent insert of the same hash to commit, so that read (a new snapshot under READ COMMITTED) sees it.
 */
export async function ensureCodeState(tx: Executor, files: StarterFile[]): Promise<{ id: string; hash: string }> {
  const hash = codeStateHash(files);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content, "utf8"), 0);
  const [inserted] = await tx
    .insert(codeStates)
    .values({ hash, files, bytes })
    .onConflictDoNothing({ target: codeStates.hash })
    .returning({ id: codeStates.id });
  if (inserted) return { id: inserted.id, hash };
  const [existing] = await tx.select({ id: codeStates.id }).from(codeStates).where(eq(codeStates.hash, hash));
  return { id: existing.id, hash };
}
