import http from "node:http";

export type Backend = { name: string; port: number; down: boolean };

/**
 * A loopback round-robin load balancer for the multi-instance test, doing what a real one does for stateless app
 * servers: no sticky sessions, the Host header passed through (Lantern and the dev LMS are told apart by it), and a
 * backend that refuses connections (or resets a safe request) is marked down and the request retried on the next one (the request body is
 * buffered for that; the test's bodies are small). A backend that fails after answering started is not retried.
 * Like Caddy's `health_uri` or an ALB target group, it also polls each backend's readiness (`checkPath`) and sends
 * nothing to one that answers anything but 200, until it answers 200 again.
 */
export function startRoundRobinProxy({
  port,
  backends,
  checkPath = "/api/health/ready",
  checkEveryMs = 500,
}: {
  port: number;
  backends: Backend[];
  /** null: no readiness checks (a caller that sets `down` itself, like bench/scale.ts). */
  checkPath?: string | null;
  checkEveryMs?: number;
}): Promise<http.Server & { served: Map<string, number> }> {
  let next = 0;
  const served = new Map<string, number>();
  const pick = (): Backend | undefined => {
    for (let i = 0; i < backends.length; i++) {
      const b = backends[next++ % backends.length];
      if (!b.down) return b;
    }
    return undefined;
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const attempt = (tries: number) => {
      const backend = pick();
      if (!backend || tries > backends.length) {
        res.writeHead(502, { "content-type": "text/plain" }).end("no backend available");
        return;
      }
      const upstream = http.request(
        { host: "127.0.0.1", port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-for": "127.0.0.1" } },
        (answer) => {
          served.set(backend.name, (served.get(backend.name) ?? 0) + 1);
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          answer.pipe(res);
          answer.on("error", () => res.destroy());
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        // Refused: the request never reached the backend. Reset: it may have, so only safe methods are retried
        // (nginx's proxy_next_upstream default).
        const retry = error.code === "ECONNREFUSED" || (error.code === "ECONNRESET" && (req.method === "GET" || req.method === "HEAD"));
        if (!res.headersSent && retry) {
          backend.down = true;
          attempt(tries + 1);
        } else res.destroy();
      });
      upstream.end(body);
    };
    attempt(1);
  });
  if (checkPath !== null) {
    const checks = setInterval(() => {
      for (const backend of backends) {
        const probe = http.get({ host: "127.0.0.1", port: backend.port, path: checkPath, timeout: 2000 }, (answer) => {
          backend.down = answer.statusCode !== 200;
          answer.resume();
        });
        probe.on("timeout", () => probe.destroy(new Error("readiness check timed out")));
        probe.on("error", () => (backend.down = true));
      }
    }, checkEveryMs);
    checks.unref();
    server.on("close", () => clearInterval(checks));
  }
  return new Promise((resolve) => server.listen(port, () => resolve(Object.assign(server, { served }))));
}
