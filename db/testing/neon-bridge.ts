import net from "node:net";
import { WebSocketServer } from "ws";

/**
 * Test-only WebSocket→TCP bridge so the Neon serverless driver can talk to the local PostgreSQL, the way Neon's own
 * proxy does in production. It only ever connects to loopback addresses.
 */
export async function startNeonBridge(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (socket, req) => {
    const address = new URL(req.url ?? "/", "http://bridge").searchParams.get("address") ?? "";
    const [host, port] = address.split(":");
    if (!["127.0.0.1", "localhost", "::1"].includes(host) || !Number(port)) {
      socket.close(1008, "loopback only");
      return;
    }
    const tcp = net.connect(Number(port), host);
    tcp.on("data", (chunk) => socket.send(chunk));
    tcp.on("close", () => socket.close());
    tcp.on("error", () => socket.close());
    socket.on("message", (data) => tcp.write(data as Buffer));
    socket.on("close", () => tcp.destroy());
    socket.on("error", () => tcp.destroy());
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `127.0.0.1:${port}/v2`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
