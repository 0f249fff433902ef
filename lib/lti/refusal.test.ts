import { describe, expect, it } from "vitest";
import { STANDALONE_CSS, THEME } from "@/lib/theme";
import { LaunchRefusal, refusalResponse } from "./refusal";

describe("the launch refusal page", () => {
  it("is styled like the app and says what happened, what to do next, and what the administrator can do", async () => {
    const response = refusalResponse(new LaunchRefusal("deployment_unknown", "Deployment <b>42</b> is not registered."));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain(`<style>${STANDALONE_CSS}</style>`);
    expect(STANDALONE_CSS).toContain(THEME.colors["lantern-700"]);
    expect(html).toMatch(/<header><div><a href="\/">Lantern<\/a><\/div><\/header>/);
    expect(html).toMatch(/<main><h1>This launch could not be verified: [^<]+<\/h1>/);
    expect(html).toContain("Deployment &lt;b&gt;42&lt;/b&gt; is not registered.");
    expect(html).toContain("<h2>What to do next</h2>");
    expect(html).toContain("open the assignment again");
    expect(html).toContain("<strong>Reason code:</strong> <code>deployment_unknown</code>");
    expect(html).toContain("<strong>What the administrator can do:</strong>");
    expect(html).toContain("<title>Launch refused · Lantern</title>");
  });
});
