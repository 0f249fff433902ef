import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { serverActionLimit, TOO_LARGE_PREFIX, UPLOAD_ACTION_LIMIT_BYTES } from "./server-action-limit";

const post = (path: string, bytes: number, action = true) =>
  new NextRequest(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { ...(action ? { "next-action": "abc123" } : {}), "content-length": String(bytes) },
  });

// Next answers a server action body over serverActions.bodySizeLimit with a 500; the proxy answers first.
describe("server action body limits", () => {
  it("refuses an oversized action post with a 413 and a message the page can show", async () => {
    const res = await proxy(post("/courses/c1/research-consent", 2 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("text/plain");
    const text = await res.text();
    expect(text.startsWith(TOO_LARGE_PREFIX)).toBe(true);
    expect(text).toMatch(/2\.0 MB, more than the 1\.0 MB/);
  });

  it("lets staff upload pages take up to the global limit, and leaves other requests alone", async () => {
    expect(serverActionLimit("/courses/c1/content")).toBe(UPLOAD_ACTION_LIMIT_BYTES);
    expect(serverActionLimit("/courses/c1/assignments/a1/edit")).toBe(UPLOAD_ACTION_LIMIT_BYTES);
    expect(serverActionLimit("/courses/c1/assignments/a1")).toBe(1024 * 1024);
    expect((await proxy(post("/courses/c1/content", 15 * 1024 * 1024))).status).toBe(200);
    expect((await proxy(post("/courses/c1/content", 22 * 1024 * 1024))).status).toBe(413);
    expect((await proxy(post("/courses/c1/settings", 1000))).status).toBe(200);
    // Route handlers keep their own limits (lib/http.ts): not a server action, not the proxy's business.
    expect((await proxy(post("/api/submissions/x/files", 5 * 1024 * 1024, false))).status).toBe(200);
  });
});
