// Every migration must apply to a live database that holds rows in every table (issue 10, item 15): a NOT NULL
// column without a default, a unique index over duplicates or a type change that cannot cast stored values works on
// an empty test database and fails on a school's. Migrations are applied one at a time; before each, a round of
// representative rows goes into every table that exists at that point; after each, every earlier row must still be
// there with every surviving column unchanged, except for the changes listed below, which the migration makes on
// purpose.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./migrate";
import { fillEveryTable, snapshot } from "./testing/fill-tables";

type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;

/** Data changes migrations make on purpose: `table.column` values a migration rewrites, tables it empties or drops. */
const INTENDED: Record<string, { rewrites?: string[]; deletes?: string[]; drops?: string[] }> = {
  // Login states begun before their parameters were kept cannot be checked against them; they live minutes.
  "0003_lti_login_params": { deletes: ["lti_login_states"] },
  // Tool keys moved to ltijs' key collections; Lantern makes a new key pair on first use and platforms fetch it from
  // the JWKS URL (one that pinned the old public key by value must be sent the new one).
  "0007_tool_keys_in_ltijs_collections": { drops: ["lti_tool_keys"] },
  // Stored function tests become assert tests (data-migrations.test.ts checks the values).
  "0009_grading_job_purpose_and_call_tests": { rewrites: ["assignments.function_tests"] },
  // 0011 copied is_admin into site_roles (data-migrations.test.ts checks it).
  "0012_drop_users_is_admin": { drops: ["users.is_admin"] },
};

/** A migrations folder holding the first `count` migrations, as drizzle's migrator reads it. */
function folderWithFirst(count: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-migrations-"));
  mkdirSync(path.join(dir, "meta"));
  const entries = journal.entries.slice(0, count);
  for (const e of entries) copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return dir;
}

/** What changed between two snapshots, as readable lines, leaving out the changes `tag` intends. */
function unintendedChanges(tag: string, before: Awaited<ReturnType<typeof snapshot>>, after: Awaited<ReturnType<typeof snapshot>>): string[] {
  const intended = INTENDED[tag] ?? {};
  const changes = new Set<string>();
  for (const [table, rows] of before) {
    const now = after.get(table);
    if (!now) {
      if (!intended.drops?.includes(table)) changes.add(`${table}: table dropped with ${rows.size} row(s)`);
      continue;
    }
    for (const [key, row] of rows) {
      const kept = now.get(key);
      if (!kept) {
        if (!intended.deletes?.includes(table)) changes.add(`${table} ${key}: row lost`);
        continue;
      }
      for (const [column, value] of Object.entries(row)) {
        if (!(column in kept)) {
          if (!intended.drops?.includes(`${table}.${column}`)) changes.add(`${table}.${column}: column dropped with its values`);
          continue;
        }
        if (intended.rewrites?.includes(`${table}.${column}`)) continue;
        if (JSON.stringify(kept[column]) !== JSON.stringify(value)) {
          changes.add(`${table}.${column} ${key}: ${JSON.stringify(value)} became ${JSON.stringify(kept[column])}`);
        }
      }
    }
  }
  return [...changes];
}

describe("migrations on a database with rows in every table", () => {
  it("apply one at a time over rows written before each, keeping the data", async () => {
    const client = new PGlite();
    const db = drizzle({ client });
    try {
      for (let i = 0; i < journal.entries.length; i++) {
        const tag = journal.entries[i].tag;
        if (i > 0) await fillEveryTable(client, i);
        const before = await snapshot(client);
        await expect(migrate(db, { migrationsFolder: folderWithFirst(i + 1) }), `migration ${tag}`).resolves.toBeUndefined();
        expect.soft(unintendedChanges(tag, before, await snapshot(client)), `data changed by ${tag}`).toEqual([]);
      }
      // A last round of rows fits the final schema too, and every table holds a row from every round it existed for.
      await fillEveryTable(client, journal.entries.length);
      const final = await snapshot(client);
      expect(final.size).toBeGreaterThan(50);
      const empty = [...final].filter(([, rows]) => rows.size === 0).map(([table]) => table);
      expect(empty).toEqual([]);
      expect(final.get("users")!.size).toBe(journal.entries.length);
    } finally {
      await client.close();
    }
  }, 300_000);
});
