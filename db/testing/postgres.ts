import pg from "pg";

/** The local PostgreSQL used by the pg and Neon-driver test runs (trust auth on loopback; see STACK.md). */
export const TEST_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

/** Runs one statement on the maintenance database with a short-lived connection. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** True when the local PostgreSQL answers. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
