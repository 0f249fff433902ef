import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders ordinary markdown", () => {
    const html = renderMarkdown("# Title\n\nSome **bold** and `code`.\n\n- a\n- b");
    expect(html).toContain("<h3>Title</h3>"); // demoted below the page's own h1/h2
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<li>a</li>");
  });

  it("removes scripts, event handlers, iframes and javascript: links", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src="https://x/y.png" onerror="alert(2)"><iframe src="https://evil"></iframe>' +
        "\n\n[click](javascript:alert(3)) <a href=\"data:text/html,hi\">d</a>",
    );
    expect(html).not.toMatch(/<script|onerror|<iframe|javascript:|data:text/i);
    expect(html).toContain('<img src="https://x/y.png" />');
  });

  it("opens every link outside the LMS iframe", () => {
    const html = renderMarkdown("[docs](https://docs.python.org/3/)");
    expect(html).toBe(
      '<p><a href="https://docs.python.org/3/" target="_blank" rel="noopener noreferrer">docs<span aria-hidden="true"> ↗</span><span class="sr-only"> (opens in a new window)</span></a></p>\n',
    );
  });

  it("renders the same source the same way when it comes from the cache, also after others pushed it out", () => {
    const source = "# Title\n\n[docs](https://docs.python.org/3/) and <script>alert(1)</script>";
    const first = renderMarkdown(source);
    expect(renderMarkdown(source)).toBe(first);
    for (let i = 0; i < 300; i++) expect(renderMarkdown(`item ${i}`)).toBe(`<p>item ${i}</p>\n`);
    expect(renderMarkdown(source)).toBe(first);
    expect(first).not.toContain("<script");
  });
});
