// One shard of a ProgSnap2 build, in a worker thread of the export worker (lib/exports/progsnap2/shard-thread.ts
// starts it): builds its subjects into the fragment files it was given and posts its output. Not a command.
import { parentPort, workerData } from "node:worker_threads";
import { getDatabase } from "@/db/client";
import { systemAuthz } from "@/lib/auth/authz";
import { buildShardToFiles, type ShardInput, type ShardPaths } from "@/lib/exports/progsnap2/shard";
import type { ShardMessage } from "@/lib/exports/progsnap2/shard-thread";

const { input, paths } = workerData as { input: ShardInput; paths: ShardPaths };
const post = (message: ShardMessage) => parentPort!.postMessage(message);

buildShardToFiles({ input, paths, system: systemAuthz(), onProgress: async (done) => post({ type: "progress", done }) })
  .then(async (output) => {
    await getDatabase().close();
    post({ type: "done", output });
  })
  .catch(async (error: unknown) => {
    await getDatabase().close().catch(() => undefined);
    // Thrown out of the thread: its "error" event rejects the shard (and so the build) with this error.
    setImmediate(() => {
      throw error;
    });
  });
