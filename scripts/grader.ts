// `npm run grader`: a grader on its own — claims grading jobs from the database (fair order, leases) and runs each
// submission in a fresh sandboxed process (lib/grading/sandbox.ts). Run one or more per grader host next to web
// servers started with GRADER_MODE=external (README "Grading"). SIGTERM/SIGINT finish the jobs in hand, then exit.
import { databaseDriver, env, EnvError } from "@/lib/env";
import { log } from "@/lib/log";
import { startGradingRunner } from "@/lib/grading/runner";
import { sandboxPool, SandboxPolicyError } from "@/lib/grading/sandbox";
import { markGraderProcess } from "@/lib/grading/where";

// Web servers with GRADER_MODE=external wake no runner and send no event: a grader finds new jobs by polling, this
// often (one cheap indexed claim per loop), so an idle grader picks a submission up within a fraction of a second.
const IDLE_POLL_MS = 250;

let settings;
try {
  settings = env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
if (databaseDriver(settings) === "pglite") {
  // PGlite has no cross-process lock: a second process on its data directory loses data.
  console.error("npm run grader needs DATABASE_URL (Postgres or Neon); with the embedded database the app grades itself.");
  process.exit(1);
}
let pool;
try {
  pool = sandboxPool();
} catch (error) {
  if (error instanceof SandboxPolicyError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
markGraderProcess();
await pool.warm();
const runner = startGradingRunner({ concurrency: settings.GRADER_CONCURRENCY, idleMs: IDLE_POLL_MS });
runner.wake();
log.info("grader started", { concurrency: settings.GRADER_CONCURRENCY, driver: databaseDriver(settings) });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  log.info("grader stopping");
  await runner.stop();
  await pool.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
