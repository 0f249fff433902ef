"use client";
import { python } from "@codemirror/lang-python";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import CodeMirror from "@uiw/react-codemirror";
import { useMemo } from "react";
import { commentMarks } from "./comment-marks";

// Colours chosen for at least 4.5:1 contrast on white (WCAG 2.2 AA); CodeMirror's defaults fall short for some.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: "#6b21a8" },
  { tag: [t.string, t.special(t.string)], color: "#166534" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#52525b", fontStyle: "italic" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "#9a3412" },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: "#1d4ed8" },
  { tag: [t.className, t.typeName], color: "#115e59" },
  { tag: t.invalid, color: "#b91c1c" },
]);

const theme = EditorView.theme({
  ".cm-gutters": { backgroundColor: "#f8fafc", color: "#475569", borderRight: "1px solid #cbd5e1" },
  ".cm-activeLineGutter": { backgroundColor: "#e2e8f0", color: "#0f172a" },
  ".cm-activeLine": { backgroundColor: "#f1f5f9" },
  "&.cm-focused": { outline: "none" },
  // A light selection keeps every token colour above 4.5:1 while selected (issue 19, item 7; CodeMirror's default
  // grey left type names at 3.8:1).
  ".cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground": { backgroundColor: "#dbeafe" },
  ".cm-content ::selection": { backgroundColor: "#dbeafe" },
});

/**
 * Esc makes Tab leave the editor until the next other key (WCAG 2.1.2 No Keyboard Trap). CodeMirror's own Esc mode
 * lapses after 2 s, so a keyboard user who pauses is trapped again; a temporary mode with no practical end keeps
 * CodeMirror's rule that any non-Tab key ends it. Set after CodeMirror's handler, which would shorten it to 2 s.
 */
const LASTING_MS = 1e12;
const escapeLeaves = EditorView.domEventHandlers({
  keydown(event, view) {
    if (event.key === "Escape") setTimeout(() => view.setTabFocusMode(LASTING_MS), 0);
    return false;
  },
});

const NO_LINES: readonly number[] = [];

/** One CodeMirror 6 Python editor. Tab indents; Esc, then Tab moves focus on; Ctrl+M switches Tab to moving focus. */
export function CodeEditor({
  value,
  onChange,
  onPaste,
  label,
  readOnly,
  describedBy,
  markedLines = NO_LINES,
}: {
  value: string;
  onChange: (value: string) => void;
  onPaste: (size: number) => void;
  label: string;
  readOnly: boolean;
  /** Id of the element explaining the keyboard (how to leave the editor), linked with aria-describedby. */
  describedBy?: string;
  /** Lines staff commented on (1-based), highlighted. */
  markedLines?: readonly number[];
}) {
  // The editable element itself (role=textbox) carries the name, so screen readers announce which file it is.
  // Lines wrap and the editor grows with its content: no scroll region of its own, so it reflows at 200% zoom.
  // Keyed by the line numbers, not the array, so typing does not reconfigure the editor.
  const marked = markedLines.join(",");
  const extensions = useMemo(
    () => [
      python(),
      syntaxHighlighting(highlight),
      theme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of(describedBy ? { "aria-label": label, "aria-describedby": describedBy } : { "aria-label": label }),
      escapeLeaves,
      commentMarks(marked ? marked.split(",").map(Number) : []),
    ],
    [label, marked, describedBy],
  );
  return (
    <div
      onPaste={(e) => onPaste(e.clipboardData.getData("text").length)}
      className="overflow-hidden rounded border border-slate-300 focus-within:ring-2 focus-within:ring-sky-600"
    >
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        readOnly={readOnly}
        minHeight="16rem"
        basicSetup={{ foldGutter: false, syntaxHighlighting: false }}
        className="text-sm"
      />
    </div>
  );
}
