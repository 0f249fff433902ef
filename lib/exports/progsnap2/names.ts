/** A file name from student data made safe as a path inside the archive (no directories, no dot names). */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N}._ -]+/gu, "_").replace(/^\.+/, "_").slice(0, 120);
  return cleaned || "file";
}

/** `Text:<line>` from a Python error message (`File "main.py", line 3`), or "" when it names no line. */
export function sourceLocationOf(message: string): string {
  const line = /line (\d+)/.exec(message)?.[1];
  return line ? `Text:${line}` : "";
}
