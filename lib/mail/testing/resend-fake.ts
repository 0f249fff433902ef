import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeResendMail = { from: string; to: string | string[]; subject: string; text?: string; html?: string };

/**
 * A local stand-in for Resend's HTTP API (POST /emails), the one seam where tests fake the mail service (house
 * style, rule 22). Point RESEND_BASE_URL at `url`; every accepted message lands in `sent`.
 */
export async function startResendFake(): Promise<{ url: string; sent: FakeResendMail[]; authorization: string[]; close: () => Promise<void> }> {
  const sent: FakeResendMail[] = [];
  const authorization: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/emails") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ name: "not_found", message: "Unknown route" }));
        return;
      }
      authorization.push(req.headers.authorization ?? "");
      sent.push(JSON.parse(body));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `fake-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, sent, authorization, close: () => new Promise((r) => server.close(() => r())) };
}
