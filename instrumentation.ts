// Next.js calls register() once per server process before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./db/startup");
    await startServer();
    const { installLmsOrigins } = await import("./lib/security-headers/install");
    installLmsOrigins();
    const { warnIfAppUrlIsElsewhere } = await import("./lib/app-url");
    warnIfAppUrlIsElsewhere();
    // After startServer(): a bad setting has already stopped start-up with its own message.
    const { installSigtermDrain } = await import("./lib/server/shutdown");
    const { stopAllPollers } = await import("./lib/poller");
    const { env } = await import("./lib/env");
    installSigtermDrain({ drainMs: env().SHUTDOWN_DRAIN_SECONDS * 1000, stopBackground: stopAllPollers });
  }
}
