import { once } from "node:events";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { responseBody } from "./web-stream";

describe("responseBody", () => {
  it("passes every chunk through in order and ends", async () => {
    const body = responseBody(Readable.from([Buffer.from("ab"), Buffer.from("cd")]));
    expect(Buffer.from(await new Response(body).arrayBuffer()).toString()).toBe("abcd");
  });

  it("a client that goes away mid-body destroys the source, with no uncaught error", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      let produced = 0;
      const source = new Readable({
        read() {
          // An endless source that has always read ahead (as a file stream does).
          this.push(Buffer.alloc(64 * 1024, produced++ % 256));
        },
      });
      const reader = responseBody(source).getReader();
      expect((await reader.read()).value?.byteLength).toBe(64 * 1024);
      await reader.cancel("client went away");
      if (!source.destroyed) await once(source, "close");
      expect(source.destroyed).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });

  it("a source that fails errors the body", async () => {
    const source = new Readable({ read() { this.destroy(new Error("disk gone")); } });
    await expect(new Response(responseBody(source)).arrayBuffer()).rejects.toThrow("disk gone");
  });
});
