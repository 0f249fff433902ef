"use client";
import { python } from "@codemirror/lang-python";
import CodeMirror from "@uiw/react-codemirror";

/** One CodeMirror 6 Python editor. Tab indents; Esc then Tab moves focus on (CodeMirror's keyboard escape hatch). */
export function CodeEditor({
  value,
  onChange,
  onPaste,
  label,
  readOnly,
}: {
  value: string;
  onChange: (value: string) => void;
  onPaste: (size: number) => void;
  label: string;
  readOnly: boolean;
}) {
  return (
    <div
      onPaste={(e) => onPaste(e.clipboardData.getData("text").length)}
      className="overflow-hidden rounded border border-slate-300 focus-within:ring-2 focus-within:ring-sky-600"
    >
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={[python()]}
        readOnly={readOnly}
        minHeight="16rem"
        maxHeight="60vh"
        aria-label={label}
        basicSetup={{ foldGutter: false }}
        className="text-sm"
      />
    </div>
  );
}
