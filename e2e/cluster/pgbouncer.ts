import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const PGBOUNCER = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find(existsSync);

/**
 * PgBouncer in transaction mode in front of the local PostgreSQL, as Neon's `-pooler` host is
 * (https://neon.com/docs/connect/connection-pooling): each transaction may run on another server connection, so
 * session state (SET, LISTEN, session advisory locks, named statements on PgBouncer < 1.21) does not carry over.
 */
export async function startPgBouncer({ dir, port, poolSize = 4 }: { dir: string; port: number; poolSize?: number }): Promise<ChildProcess> {
  if (!PGBOUNCER) throw new Error("The multi-instance test needs pgbouncer (Debian package `pgbouncer`; npm test installs it as root).");
  const home = path.join(dir, "pgbouncer");
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, "userlist.txt"), '"postgres" ""\n');
  writeFileSync(
    path.join(home, "pgbouncer.ini"),
    [
      "[databases]",
      "* = host=127.0.0.1 port=5432",
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(home, "userlist.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 200",
      `logfile = ${path.join(home, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root; as root it is started as `nobody`, who must be able to read its files.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) for (const p of [dir, home, path.join(home, "userlist.txt"), path.join(home, "pgbouncer.ini")]) chmodSync(p, 0o777);
  const child = spawn(PGBOUNCER, [...(asRoot ? ["-u", "nobody"] : []), path.join(home, "pgbouncer.ini")], { detached: true, stdio: "ignore" });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode} (see ${home}/pgbouncer.log)`);
    if (await canConnect(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  // Not left running behind a failed setup.
  child.kill("SIGKILL");
  throw new Error("pgbouncer did not start");
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
