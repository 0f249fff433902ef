// `npm run bench [name…]`: runs the benchmarks (all by default) and prints their numbers. Never a pass/fail gate.
import { existsSync } from "node:fs";
import path from "node:path";

type Bench = { name: string; file: string; exportName: string };

// Each feature adds its benchmark here; a missing file is reported, not fatal.
const BENCHES: Bench[] = [
  { name: "db-insert", file: "db-insert.ts", exportName: "benchDbInsert" },
  { name: "lti-launch", file: "lti-launch.ts", exportName: "benchLtiLaunch" },
  { name: "student-work", file: "student-work.ts", exportName: "benchStudentWork" },
  { name: "grade-drain", file: "grade-drain.ts", exportName: "benchGradeDrain" },
];

const wanted = process.argv.slice(2);
for (const bench of BENCHES) {
  if (wanted.length && !wanted.includes(bench.name)) continue;
  const file = path.join(import.meta.dirname, bench.file);
  if (!existsSync(file)) continue;
  console.log(`\n##### ${bench.name}`);
  const mod = (await import(file)) as Record<string, () => Promise<unknown>>;
  await mod[bench.exportName]();
}
process.exit(0);
