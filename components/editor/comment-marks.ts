import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, EditorView } from "@codemirror/view";

const mark = Decoration.line({ class: "cm-lantern-commented", attributes: { title: "Your instructor commented on this line" } });

/** Highlights lines staff commented on (1-based line numbers; lines past the end are ignored). */
export function commentMarks(lines: readonly number[]) {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  return [
    EditorView.decorations.of((view) => {
      const builder = new RangeSetBuilder<Decoration>();
      for (const n of sorted) if (n >= 1 && n <= view.state.doc.lines) builder.add(view.state.doc.line(n).from, view.state.doc.line(n).from, mark);
      return builder.finish();
    }),
    EditorView.theme({ ".cm-lantern-commented": { backgroundColor: "#fef3c7", boxShadow: "inset 3px 0 0 #b45309" } }),
  ];
}
