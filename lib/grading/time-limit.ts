/**
 * A grading run's time limit, counted in the CPU time the run's processes actually got. Grading processes run at
 * the lowest CPU priority (SCHED_IDLE, sandbox-layers.ts), so while the web server or anything else keeps the cores
 * busy they wait for a CPU, and that wait must not turn a correct submission into "time limit exceeded".
 *
 * The limit is checked when `limitMs` of wall-clock time has passed: if the run has used less CPU than the limit,
 * the check is re-armed for the CPU it has left. `WALL_FACTOR` × the limit in wall-clock time ends any run (a
 * program that sleeps, or a grader starved for that long). Without CPU figures (`usedMs` gives null: not Linux),
 * the limit is wall-clock time, as before.
 */
export const WALL_FACTOR = 3;
/** CPU figures come from /proc in 10 ms ticks. */
const SLACK_MS = 20;
const MIN_RECHECK_MS = 100;

/** Why the run was ended: its CPU time reached the limit, the wall-clock limit passed (no CPU figures), or the cap. */
export type TimeLimitEnd = "cpu" | "wall" | "cap";

export function startTimeLimit({
  limitMs,
  usedMs,
  expire,
  now = () => performance.now(),
}: {
  limitMs: number;
  /** CPU ms the run has used so far, or null when unknown. */
  usedMs: () => number | null;
  expire: (end: TimeLimitEnd) => void;
  now?: () => number;
}): () => void {
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const used = usedMs();
    const cpuLeft = limitMs - (used ?? 0);
    const wallLeft = WALL_FACTOR * limitMs - (now() - started);
    if (used === null) return expire("wall");
    if (cpuLeft <= SLACK_MS) return expire("cpu");
    if (wallLeft <= 0) return expire("cap");
    timer = setTimeout(check, Math.max(MIN_RECHECK_MS, Math.min(cpuLeft, wallLeft)));
  };
  timer = setTimeout(check, limitMs);
  return () => clearTimeout(timer);
}
