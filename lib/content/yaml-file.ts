import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";

/** A problem in an imported file, with the line it is on when known (YAML files). */
export type ContentError = { file: string; line?: number; message: string };

/**
 * A parsed YAML file that can say on which line a value sits, so validation errors point at the line to fix.
 * Syntax errors are collected into `errors` with their line.
 */
export class YamlFile {
  readonly errors: ContentError[] = [];
  readonly value: unknown;
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      this.errors.push({ file, line: this.lines.linePos(e.pos[0]).line, message: e.message.split("\n")[0] });
    }
    this.value = this.errors.length ? undefined : this.doc.toJS({ maxAliasCount: 100 });
  }

  /** The line of the value at `path`, or of the nearest enclosing value that exists. */
  lineOf(path: (string | number)[]): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return undefined;
  }

  /** Errors for keys of the mapping at `path` that are not in `allowed` (typos would otherwise be ignored). */
  unknownKeys(path: (string | number)[], allowed: readonly string[]): ContentError[] {
    const node = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (!isMap(node)) return [];
    const errors: ContentError[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(key)) {
        const range = (pair.key as { range?: [number, number, number] } | null)?.range;
        errors.push({
          file: this.file,
          line: range ? this.lines.linePos(range[0]).line : undefined,
          message: `Unknown field "${key}" (expected one of: ${allowed.join(", ")}).`,
        });
      }
    }
    return errors;
  }

  error(path: (string | number)[], message: string): ContentError {
    return { file: this.file, line: this.lineOf(path), message };
  }
}
