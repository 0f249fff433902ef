// `npm run bench [name…]`: runs the benchmarks (all by default), each in its own process so module-level state and
// loader shims never leak between them, and prints their numbers. Never a pass/fail gate.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

type Bench = { name: string; file: string; exportName: string; reactServer: boolean };

// Each feature adds its benchmark here. `reactServer` resolves `server-only` the way the Next server does; the
// student-work bench installs its own shims for next/headers instead.
const BENCHES: Bench[] = [
  { name: "db-insert", file: "db-insert.ts", exportName: "benchDbInsert", reactServer: true },
  { name: "launch", file: "launch/index.ts", exportName: "benchLaunch", reactServer: true },
  { name: "student-work", file: "student-work.ts", exportName: "benchStudentWork", reactServer: false },
  { name: "grade-drain", file: "grade-drain.ts", exportName: "benchGradeDrain", reactServer: true },
  { name: "exports", file: "exports.ts", exportName: "benchExports", reactServer: true },
  { name: "grading", file: "grading.ts", exportName: "benchGrading", reactServer: true },
  { name: "exchange", file: "exchange.ts", exportName: "benchExchange", reactServer: true },
  { name: "gradebook", file: "gradebook.ts", exportName: "benchGradebook", reactServer: true },
  { name: "scale", file: "scale.ts", exportName: "benchScale", reactServer: true },
];

const wanted = process.argv.slice(2);
let failed = 0;
for (const bench of BENCHES) {
  if (wanted.length && !wanted.includes(bench.name)) continue;
  const file = path.join(import.meta.dirname, bench.file);
  if (!existsSync(file)) continue;
  console.log(`\n##### ${bench.name}`);
  const args = [...(bench.reactServer ? ["--conditions=react-server"] : []), path.join(import.meta.dirname, "one.ts"), file, bench.exportName];
  const result = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), args, { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
