import { createReadStream } from "node:fs";
import path from "node:path";
import type { BuildContext, BuildResult } from "../build-context";
import { exportFilename } from "../build-context";
import { crc32Combine } from "../crc32-combine";
import { csvLine } from "../csv";
import { DeflatedFile, joinedDeflate } from "../deflated-file";
import { pseudonym } from "../deidentify";
import { ZipWriter } from "../zip-writer";
import { MAIN_TABLE_COLUMNS } from "./columns";
import type { IdSet } from "./id-set";
import { datasetMetadataCsv, datasetReadme } from "./readme";
import { buildShard, type ShardInput, type ShardOutput, type ShardPaths, type ShardStats } from "./shard";

/** Below this many subjects per shard a second thread costs more (its start, its own connections) than it saves. */
const MIN_SUBJECTS_PER_SHARD = 100;

/**
 * Builds a ProgSnap2 dataset (zip: DatasetMetadata.csv, MainTable.csv, CodeStates/<id>/<files>, Resources/, README.md)
 * from the scope's coding events, submitted versions with their test results, and grade overrides (shard.ts).
 *
 * With `ctx.parallel` the subjects are split into contiguous shards, the first built here straight into the archive
 * and the others elsewhere (worker threads) into fragments, which are then copied in: the build is CPU-bound
 * JavaScript (a million events took 27–29 s of one core; issue 15's bench), so two cores make it about twice as fast.
 * The main table's rows come in subject order either way; EventIDs are unique across shards, Order increases
 * within each subject's work on an assignment (its declared scope).
 */
export async function buildProgSnap2(ctx: BuildContext): Promise<BuildResult> {
  const key = ctx.key!;
  const zip = new ZipWriter(ctx.sink, { mtime: ctx.now, centralDirectoryFile: path.join(ctx.tempDir, "central-directory") });
  const shards = shardsOf(ctx.subjects, ctx.parallel);
  const inputs: ShardInput[] = shards.map((subjects, shard) => ({
    scope: ctx.scope,
    courseId: ctx.course.id,
    assignments: ctx.assignments,
    subjects,
    key,
    shard,
    shards: shards.length,
    now: ctx.now,
  }));
  const done = inputs.map(() => 0);
  const progress = async (shard: number, subjects: number) => {
    done[shard] = subjects;
    const all = done.reduce((a, b) => a + b, 0);
    const total = ctx.subjects.length;
    await ctx.progress(Math.floor((all / Math.max(total, 1)) * 90), `Writing events: ${all} of ${total} students`);
  };

  const abort = new AbortController();
  const pathsOf = (shard: number): ShardPaths => ({
    zip: path.join(ctx.tempDir, `shard-${shard}.zip`),
    centralDirectory: path.join(ctx.tempDir, `shard-${shard}.cd`),
    mainTable: path.join(ctx.tempDir, `shard-${shard}.deflate`),
  });
  // A shard that fails stops the others (a build is all or nothing), and its error is the build's.
  let failure: unknown = null;
  const guard = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      failure ??= error;
      abort.abort();
      throw error;
    });
  const elsewhere = inputs.slice(1).map((input) => guard(ctx.parallel!.run({ input, paths: pathsOf(input.shard), onProgress: (n) => progress(input.shard, n), signal: abort.signal })));
  elsewhere.forEach((p) => p.catch(() => undefined));

  const firstTable = new DeflatedFile(pathsOf(0).mainTable, { fragment: true });
  let first: { stats: ShardStats; writtenStates: IdSet };
  let remote: ShardOutput[];
  try {
    await firstTable.write(Buffer.from(csvLine(MAIN_TABLE_COLUMNS)));
    first = await guard(buildShard({ input: inputs[0], system: ctx.system, zip, mainTable: firstTable, onProgress: (n) => progress(0, n), signal: abort.signal }));
    remote = await Promise.all(elsewhere);
  } catch (error) {
    abort.abort();
    await Promise.allSettled(elsewhere);
    throw failure ?? error;
  } finally {
    await firstTable.end().catch(() => undefined);
  }

  await ctx.progress(92, "Joining the parts");
  // A code state shared by subjects of two shards was written by both: the first copy stays.
  const known = first.writtenStates;
  for (const [i, output] of remote.entries()) {
    const paths = pathsOf(i + 1);
    const mine = new Set<string>();
    await zip.appendFragment({
      data: createReadStream(paths.zip),
      centralDirectory: createReadStream(paths.centralDirectory),
      bytes: output.zipBytes,
      keep: (name) => {
        if (!name.startsWith("CodeStates/")) return true;
        const id = name.slice("CodeStates/".length, name.indexOf("/", "CodeStates/".length));
        if (mine.has(id)) return true;
        if (known.has(id)) return false;
        mine.add(id);
        return true;
      },
    });
    for (const id of mine) known.add(id);
  }

  await ctx.progress(95, "Adding the main table");
  const tables = [await firstTable.end(), ...remote.map((r) => r.table)];
  let crc = 0;
  let size = 0;
  for (const t of tables) {
    crc = crc32Combine(crc, t.crc, t.size);
    size += t.size;
  }
  await zip.addDeflated("MainTable.csv", joinedDeflate(tables.map((_, i) => createReadStream(pathsOf(i).mainTable))), { crc, size });

  const stats = [first.stats, ...remote.map((r) => r.stats)].reduce((a, b) => ({
    events: a.events + b.events,
    codeStates: a.codeStates + b.codeStates,
    subjects: a.subjects + b.subjects,
    fabricated: a.fabricated + b.fabricated,
    folded: a.folded + b.folded,
  }));
  stats.codeStates = known.size;
  await zip.addFile("DatasetMetadata.csv", datasetMetadataCsv());
  const assignmentIds = new Map(ctx.assignments.map((a) => [a.id, pseudonym(key, "assignment", a.id)]));
  await zip.addFile("README.md", datasetReadme({ ctx, key, stats, assignmentIdOf: (id) => assignmentIds.get(id) ?? pseudonym(key, "assignment", id) }));
  await zip.finish();
  return { rows: stats.events, filename: exportFilename(ctx.course, "ProgSnap2", ctx.now, "zip"), contentType: "application/zip" };
}

/** The subjects split into contiguous runs, one per shard (one run without `parallel` or with few subjects). */
function shardsOf<T>(subjects: T[], parallel: BuildContext["parallel"]): T[][] {
  const wanted = parallel ? Math.min(parallel.shards, Math.floor(subjects.length / (parallel.minSubjectsPerShard ?? MIN_SUBJECTS_PER_SHARD))) : 1;
  const count = Math.max(1, wanted);
  const size = Math.ceil(subjects.length / count);
  return Array.from({ length: count }, (_, i) => subjects.slice(i * size, (i + 1) * size));
}
