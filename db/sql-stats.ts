import { rename, writeFile } from "node:fs/promises";
import pg from "pg";

let installed = false;

/**
 * Bench-only instrumentation (BENCH_SQL_STATS_FILE): counts every statement this process sends over `pg` — BEGIN and
 * COMMIT included, each is a round trip — and writes the totals, by statement, to `file` four times a second, so a
 * bench driving `next start` over HTTP can report statements per launch. Off unless that setting is present.
 */
export function countPgStatements(file: string): void {
  if (installed) return;
  installed = true;
  const counts = new Map<string, number>();
  let total = 0;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; name?: string };
    const text = typeof config === "string" ? config : (config?.name ?? config?.text ?? "?");
    const key = text.replace(/\s+/g, " ").slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  let written = -1;
  setInterval(() => {
    if (written === total) return;
    written = total;
    // Written aside and renamed, so a reader never sees a half-written file.
    const aside = `${file}.${process.pid}.tmp`;
    void writeFile(aside, JSON.stringify({ total, byStatement: Object.fromEntries(counts) }))
      .then(() => rename(aside, file))
      .catch(() => {});
  }, 250).unref();
}
