// `npm run seed:scale -- --students N --assignments M --events-per-student K [--declined-percent P] [--title T]`
// Seeds one large course (db/seed/scale.ts) on the configured database (DATABASE_URL, or the embedded PGlite in
// DATA_DIR) and prints its id and counts as one JSON line. About K events per student, spread over the assignments.
import { parseArgs } from "node:util";
import { connectDatabase, connectOptionsFromEnv } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { analyzeScaleSeed, seedScale } from "@/db/seed/scale";

async function main() {
  const { values } = parseArgs({
    options: {
      students: { type: "string", default: "100" },
      assignments: { type: "string", default: "5" },
      "events-per-student": { type: "string", default: "200" },
      "declined-percent": { type: "string", default: "0" },
      title: { type: "string", default: "Scale course" },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const options = {
    students: number("students", 1),
    assignments: number("assignments", 1),
    eventsPerStudent: number("events-per-student", 0),
    declinedPercent: number("declined-percent", 0),
    title: String(values.title),
  };
  const handle = connectDatabase(connectOptionsFromEnv());
  try {
    await migrateDatabase(handle);
    const started = Date.now();
    const result = await seedScale(handle.db, options);
    await analyzeScaleSeed(handle.db);
    const { studentIds: _ids, assignmentIds: _a, ...counts } = result;
    console.log(JSON.stringify({ ...counts, driver: handle.driver, seconds: Math.round((Date.now() - started) / 100) / 10 }));
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
