// Syntax highlighting for Python code blocks in staff-written markdown (issue 11: "code blocks highlighted"),
// done on the server with the Lezer Python grammar the editor already uses (CodeMirror's lang-python), so the
// student's page ships no highlighter script and shows the same token kinds as their editor.
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { parser } from "@lezer/python";

export const PYTHON_LANGS = new Set(["python", "py", "python3", "py3"]);

/** The token kinds styled in globals.css (`.prose-lantern .tok-*`); other tokens stay plain text. */
const STYLED = ["tok-keyword", "tok-string", "tok-comment", "tok-number", "tok-bool", "tok-definition"];

/** HTML for the inside of `<code>`: escaped text with `<span class="tok-…">` around styled tokens. */
export function highlightPython(code: string): string {
  let html = "";
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, classes) => {
      const kind = STYLED.find((c) => classes.split(" ").includes(c));
      html += kind ? `<span class="${kind}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += "\n";
    },
  );
  return html;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
