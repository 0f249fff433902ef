import { backgroundMode } from "@/lib/background";
import { env, EnvError, databaseDriver } from "@/lib/env";
import { log } from "@/lib/log";
import { wakeExportRunner } from "@/lib/exports/runner";
import { startEmbeddedGrader } from "@/lib/grading/embedded";
import { startLtiCleanupRunner } from "@/lib/lti/cleanup-runner";
import { wakePassbackRunner } from "@/lib/passback/runner";
import { wakeRosterRunner } from "@/lib/roster/runner";
import { getDatabase } from "./client";
import { migrateDatabase, migrationStatus } from "./migrate";
import { seedDemo } from "./seed/demo";

/**
 * Runs once when the server process starts (instrumentation.ts): validates settings — a bad one stops start-up with
 * one line naming it — then migrates the embedded database (it has no other way to be migrated) or any database in
 * development, and seeds the demo course outside production. Deployments on Postgres migrate with `npm run db:migrate`.
 */
export async function startServer(): Promise<void> {
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
  const driver = databaseDriver(settings);
  const handle = getDatabase();
  if (driver === "pglite" || settings.APP_ENV === "development") {
    await migrateDatabase(handle);
  }
  // The demo course exists wherever the demo sign-in does (development, and test runs that exercise it).
  if (settings.APP_ENV !== "production" && (await seedDemo(handle.db))) {
    log.info("seeded the demo course", { course: "Introduction to Programming (demo)" });
  }
  // Without Inngest, background work runs here from durable rows; starting now resumes what a restart interrupted.
  if (backgroundMode() === "in-process") {
    wakePassbackRunner();
    startLtiCleanupRunner();
    wakeRosterRunner();
    wakeExportRunner();
  }
  // Grading runs in sandboxed child processes started from this server unless GRADER_MODE=external (README
  // "Grading"); checking the sandbox now stops a production start-up without bubblewrap, and warming makes the
  // interpreter snapshot before the first submission.
  if (settings.GRADER_MODE === "embedded") await startEmbeddedGrader();
  log.info("lantern started", { driver, appEnv: settings.APP_ENV, migrations: await migrationStatus(handle) });
}
