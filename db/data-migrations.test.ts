// Migrations that change stored data are tested on rows written before them: the database is migrated up to the
// migration before, old-shaped rows are inserted, then the rest is applied.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./migrate";

type Journal = { entries: { idx: number; tag: string }[] };

/** A migrations folder holding only the migrations before `tag`. */
function foldersBefore(tag: string): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no migration ${tag}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lantern-migrations-"));
  mkdirSync(path.join(dir, "meta"));
  const entries = journal.entries.slice(0, cut);
  for (const e of entries) copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return dir;
}

describe("0009 grading job purpose and call tests", () => {
  it("marks stored function tests as assert tests and gives existing jobs their course, student and files", async () => {
    const client = new PGlite();
    const db = drizzle({ client });
    try {
      await migrate(db, { migrationsFolder: foldersBefore("0009_grading_job_purpose_and_call_tests") });
      const oldTest = { name: "test_a", code: "def test_a():\n    assert f() == 1", points: 1, message: "", visibility: "visible" };
      const ids = (
        await client.query<{ course: string; assignment: string; empty: string; user: string; state: string }>(`
          with c as (insert into courses (title) values ('C') returning id),
               a as (insert into assignments (course_id, title, function_tests) select id, 'A', '${JSON.stringify([oldTest, { ...oldTest, name: "test_b" }])}'::jsonb from c returning id),
               e as (insert into assignments (course_id, title) select id, 'Empty' from c returning id),
               u as (insert into users (name) values ('S') returning id),
               s as (insert into code_states (hash, files, bytes) values ('h', '[]'::jsonb, 0) returning id)
          select (select id from c) as course, (select id from a) as assignment, (select id from e) as empty, (select id from u) as user, (select id from s) as state`)
      ).rows[0];
      const submission = (
        await client.query<{ id: string }>(`insert into submissions (course_id, assignment_id, user_id) values ($1, $2, $3) returning id`, [ids.course, ids.assignment, ids.user])
      ).rows[0].id;
      const version = (
        await client.query<{ id: string }>(`insert into submission_versions (submission_id, version, code_state_id, kind) values ($1, 1, $2, 'submit') returning id`, [submission, ids.state])
      ).rows[0].id;
      await client.query(`insert into grading_jobs (submission_id, version_id) values ($1, $2)`, [submission, version]);

      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });

      const tests = (await client.query<{ function_tests: { kind: string; name: string }[] }>(`select function_tests from assignments where id = $1`, [ids.assignment])).rows[0];
      expect(tests.function_tests).toEqual([
        { ...oldTest, kind: "assert" },
        { ...oldTest, name: "test_b", kind: "assert" },
      ]);
      expect((await client.query(`select function_tests from assignments where id = $1`, [ids.empty])).rows[0]).toEqual({ function_tests: [] });
      const [job] = (await client.query(`select purpose, priority, course_id, assignment_id, user_id, code_state_id from grading_jobs`)).rows;
      expect(job).toEqual({ purpose: "submission", priority: 0, course_id: ids.course, assignment_id: ids.assignment, user_id: ids.user, code_state_id: ids.state });
    } finally {
      await client.close();
    }
  }, 120_000);
});

describe("0011 site roles and audit log", () => {
  it("keeps existing administrators admins and gives everyone else no site role", async () => {
    const client = new PGlite();
    const db = drizzle({ client });
    try {
      await migrate(db, { migrationsFolder: foldersBefore("0011_site_roles_and_audit_log") });
      await client.query(`insert into users (name, is_admin) values ('Admin', true), ('Student', false)`);
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      const rows = (await client.query<{ name: string; site_roles: string[] }>(`select name, site_roles from users order by name`)).rows;
      expect(rows).toEqual([
        { name: "Admin", site_roles: ["admin"] },
        { name: "Student", site_roles: [] },
      ]);
    } finally {
      await client.close();
    }
  }, 120_000);
});
