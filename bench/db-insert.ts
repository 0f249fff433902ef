// Rows inserted per second through each driver (Drizzle), and the same inserts through raw `pg`: the database's own
// limit that later features are compared with. Prints numbers; asserts nothing.
import pg from "pg";
import { connectDatabase, type DatabaseHandle, type Driver } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { users } from "@/db/schema";
import { startNeonBridge } from "@/db/testing/neon-bridge";
import { adminQuery, databaseUrl, postgresAvailable } from "@/db/testing/postgres";

const BATCH_ROWS = 20_000;
const BATCH_SIZE = 500;
const SINGLE_ROWS = 2_000;

type Result = { target: string; batched: number; single: number };

function rowsFor(n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({ name: `Bench ${tag} ${i}`, email: `b${i}@${tag}.example` }));
}

async function timeIt(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

async function viaDrizzle(handle: DatabaseHandle, label: string): Promise<Result> {
  const rows = rowsFor(BATCH_ROWS, label);
  const batched = await timeIt(async () => {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) await handle.db.insert(users).values(rows.slice(i, i + BATCH_SIZE));
  });
  const singles = rowsFor(SINGLE_ROWS, `${label}-single`);
  const single = await timeIt(async () => {
    for (const row of singles) await handle.db.insert(users).values(row);
  });
  return { target: label, batched: BATCH_ROWS / batched, single: SINGLE_ROWS / single };
}

async function viaRawPg(url: string): Promise<Result> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = rowsFor(BATCH_ROWS, "raw");
  const batched = await timeIt(async () => {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const chunk = rows.slice(i, i + BATCH_SIZE);
      const placeholders = chunk.map((_, j) => `($${j * 2 + 1}, $${j * 2 + 2})`).join(",");
      await client.query(`insert into users (name, email) values ${placeholders}`, chunk.flatMap((r) => [r.name, r.email]));
    }
  });
  const singles = rowsFor(SINGLE_ROWS, "raw-single");
  const single = await timeIt(async () => {
    for (const r of singles) await client.query("insert into users (name, email) values ($1, $2)", [r.name, r.email]);
  });
  await client.end();
  return { target: "raw pg (no ORM)", batched: BATCH_ROWS / batched, single: SINGLE_ROWS / single };
}

async function withFreshDatabase<T>(driver: Driver, fn: (handle: DatabaseHandle, url?: string) => Promise<T>): Promise<T> {
  if (driver === "pglite") {
    const handle = connectDatabase({ driver });
    await migrateDatabase(handle);
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  }
  const name = `lantern_bench_${driver}_${Date.now().toString(36)}`;
  await adminQuery(`create database ${name}`);
  const bridge = driver === "neon" ? await startNeonBridge() : undefined;
  const handle = connectDatabase({ driver, url: databaseUrl(name), neonWsProxy: bridge?.url, poolMax: 4 });
  try {
    await migrateDatabase(handle);
    return await fn(handle, databaseUrl(name));
  } finally {
    await handle.close();
    await bridge?.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

/** Runs the insert benchmark and prints a table. */
export async function benchDbInsert(): Promise<Result[]> {
  const results: Result[] = [];
  results.push(await withFreshDatabase("pglite", (h) => viaDrizzle(h, "drizzle + pglite (embedded)")));
  if (await postgresAvailable()) {
    results.push(await withFreshDatabase("pg", (h) => viaDrizzle(h, "drizzle + pg")));
    results.push(await withFreshDatabase("neon", (h) => viaDrizzle(h, "drizzle + neon driver (local bridge)")));
    results.push(await withFreshDatabase("pg", (_h, url) => viaRawPg(url!)));
  } else {
    console.log("(no PostgreSQL on 127.0.0.1:5432: pg, neon and raw pg rows skipped)");
  }
  console.log(`\nInsert throughput: ${BATCH_ROWS} rows in batches of ${BATCH_SIZE}; ${SINGLE_ROWS} single-row inserts`);
  console.log("target".padEnd(40), "batched rows/s".padStart(15), "single rows/s".padStart(15));
  for (const r of results) {
    console.log(r.target.padEnd(40), r.batched.toFixed(0).padStart(15), r.single.toFixed(0).padStart(15));
  }
  return results;
}
