// `npm run content -- export <course id> <dir>` and `npm run content -- import <course id> <dir> [--dry-run]`:
// course content as files (docs/course-content.md), so it can live in git and be synced from CI.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { systemAuthz } from "@/lib/auth/authz";
import { writeCourseContent, type ContentTree } from "@/lib/content/format";
import { readCourseContent } from "@/lib/content/parse";
import { applyContentImport, planContentImport, selectCourseContent, type ImportPlan } from "@/lib/models/course-content";
import { selectOptionalCourse } from "@/lib/models/courses";
import { parseCliArgs } from "./commands/cli-args";

const USAGE = "usage: npm run content -- export <course id> <dir>\n       npm run content -- import <course id> <dir> [--dry-run]";

function readTree(root: string): ContentTree {
  const tree: ContentTree = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue; // .git, .DS_Store
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else tree.set(path.relative(root, full).split(path.sep).join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return tree;
}

function writeTree(root: string, tree: ContentTree): void {
  mkdirSync(root, { recursive: true });
  // Replace the content files (so deleted assignments disappear) but keep anything hidden, such as .git.
  for (const name of readdirSync(root)) if (!name.startsWith(".")) rmSync(path.join(root, name), { recursive: true, force: true });
  for (const [file, text] of tree) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

function printPlan(plan: ImportPlan): number {
  for (const s of plan.settings) console.log(`  course ${s.field}: ${s.from ?? "none"} → ${s.to ?? "none"}`);
  for (const g of plan.groupsToCreate) console.log(`  create group "${g}"`);
  for (const c of plan.changes) console.log(`  ${c.action.padEnd(9)} ${c.slug}${c.fields.length ? ` (${c.fields.join(", ")})` : ""}`);
  for (const u of plan.untouched) console.log(`  untouched ${u.slug} (not in the files)`);
  return plan.settings.length + plan.groupsToCreate.length + plan.changes.filter((c) => c.action !== "unchanged").length;
}

async function main(): Promise<number> {
  const { values, positionals } = parseCliArgs(USAGE, { allowPositionals: true, options: { "dry-run": { type: "boolean" } } });
  const [command, courseId, dir] = positionals;
  if (!["export", "import"].includes(command) || !courseId || !dir) {
    console.error(USAGE);
    return 2;
  }
  const handle = getDatabase();
  if ((await migrationStatus(handle)) !== "current") {
    console.error("The database is not migrated: run npm run db:migrate first.");
    return 1;
  }
  const course = await selectOptionalCourse({ unsafeCourseId: courseId });
  if (!course) {
    console.error(`No course ${courseId}.`);
    return 1;
  }
  // Whoever can run this command can reach the database: it acts with system authority on the course it names.
  const authz = { ...systemAuthz(), course };
  if (command === "export") {
    const tree = writeCourseContent(await selectCourseContent({ authz }));
    writeTree(dir, tree);
    console.log(`Exported ${course.title}: ${tree.size} files in ${dir}`);
    return 0;
  }
  const read = readCourseContent(readTree(dir));
  if ("errors" in read) {
    for (const e of read.errors) console.error(`${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`);
    console.error(`${read.errors.length} problem${read.errors.length === 1 ? "" : "s"}; nothing was imported.`);
    return 1;
  }
  const plan = await planContentImport({ authz, content: read.content });
  console.log(`Import into ${course.title}:`);
  const changes = printPlan(plan);
  if (changes === 0) {
    console.log("Nothing to change.");
    return 0;
  }
  if (values["dry-run"]) {
    console.log(`${changes} change${changes === 1 ? "" : "s"} (dry run: nothing was imported).`);
    return 0;
  }
  await applyContentImport({ authz, content: read.content, expectedDigest: plan.digest });
  console.log(`Imported ${changes} change${changes === 1 ? "" : "s"}.`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await getDatabase().close().catch(() => {});
}
