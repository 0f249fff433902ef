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

  it("highlights Python code blocks with token spans, escaping the code", () => {
    const html = renderMarkdown('```python\ndef f(x):  # "<b>"\n    return x < 2 and "s"\n```');
    expect(html).toBe(
      '<pre><code class="language-python"><span class="tok-keyword">def</span> <span class="tok-definition">f</span>(x):  ' +
        '<span class="tok-comment"># "&lt;b&gt;"</span>\n    <span class="tok-keyword">return</span> x &lt; ' +
        '<span class="tok-number">2</span> <span class="tok-keyword">and</span> <span class="tok-string">"s"</span>\n</code></pre>\n',
    );
  });

  it("leaves other languages plain and keeps authors' spans to token classes only", () => {
    expect(renderMarkdown("```js\nlet a = 1;\n```")).toBe('<pre><code class="language-js">let a = 1;\n</code></pre>\n');
    const html = renderMarkdown('<span class="tok-keyword evil" style="color:red" onclick="x()">k</span>');
    expect(html).toBe('<p><span class="tok-keyword">k</span></p>\n');
  });
});
