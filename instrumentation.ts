// Next.js calls register() once per server process before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./db/startup");
    await startServer();
    const { installLmsOrigins } = await import("./lib/security-headers/install");
    installLmsOrigins();
    const { warnIfAppUrlIsElsewhere } = await import("./lib/app-url");
    warnIfAppUrlIsElsewhere();
  }
}
