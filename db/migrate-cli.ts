// `npm run db:migrate`: applies pending migrations to the database named by DATABASE_URL_DIRECT, else DATABASE_URL
// (or the embedded one).
import { connectDatabase, connectOptionsFromEnv } from "./client";
import { migrateDatabase, migrationStatus } from "./migrate";

const handle = connectDatabase(connectOptionsFromEnv(undefined, { purpose: "migrate" }));
try {
  await migrateDatabase(handle);
  console.log(`migrations: ${await migrationStatus(handle)} (driver: ${handle.driver})`);
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
