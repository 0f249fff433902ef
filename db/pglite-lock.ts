import { readFileSync, rmSync, writeFileSync } from "node:fs";

// PGlite has no cross-process lock, and two processes on one data directory silently lose data (STACK.md). Each
// process that opens an embedded database on disk claims `<dir>.lock` with its pid; a second process refuses to
// open it while that pid is alive (a lock left by a crashed process is taken over).

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claims the embedded database directory for this process, or throws naming the process that holds it. */
export function claimPgliteDirectory(dir: string): void {
  const lockFile = `${dir}.lock`;
  let holder = NaN;
  try {
    holder = Number(readFileSync(lockFile, "utf8").trim());
  } catch {
    // No lock yet.
  }
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
    throw new Error(
      `The embedded database ${dir} is open in another process (pid ${holder}), probably the running Lantern server. ` +
        "Stop it first, or point DATABASE_URL at a PostgreSQL database, which any number of processes can share.",
    );
  }
  writeFileSync(lockFile, String(process.pid));
  process.once("exit", () => {
    try {
      if (readFileSync(lockFile, "utf8").trim() === String(process.pid)) rmSync(lockFile);
    } catch {
      // Already gone.
    }
  });
}
