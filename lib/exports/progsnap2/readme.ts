import pkg from "@/package.json";
import type { BuildContext } from "../build-context";
import { csvLine } from "../csv";
import type { PseudonymKey } from "../deidentify";

/** ToolInstances of every event (ProgSnap2: a `;`-separated list of the tools active). */
export const TOOL_INSTANCES = `Lantern ${pkg.version};Python 3 (Pyodide ${pkg.dependencies.pyodide})`;

/** DatasetMetadata.csv: Order is comparable within one subject's work on one assignment. */
export function datasetMetadataCsv(): string {
  const rows: [string, string][] = [
    ["Version", "1.0"],
    ["IsEventOrderingConsistent", "true"],
    ["EventOrderScope", "Restricted"],
    ["EventOrderScopeColumns", "SubjectID;AssignmentID"],
    ["CodeStateRepresentation", "Directory"],
    ["ProgramInputLinkTable", ""],
  ];
  return csvLine(["Property", "Value"]) + rows.map((r) => csvLine(r)).join("");
}

type Stats = { events: number; codeStates: number; subjects: number; fabricated: number; folded: number };

const md = (text: string) => text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

/** README.md: what the dataset holds, how it was made, and every custom value it uses. */
export function datasetReadme({ ctx, key, stats, assignmentIdOf }: { ctx: BuildContext; key: PseudonymKey; stats: Stats; assignmentIdOf: (id: string) => string }): string {
  const { scope } = ctx;
  const range = scope.from || scope.to ? `${scope.from?.toISOString() ?? "the start"} to ${scope.to?.toISOString() ?? "now"}` : "all dates";
  return `# ProgSnap2 dataset: ${md(ctx.course.title)}

Exported from Lantern on ${ctx.now.toISOString()} in [ProgSnap2](https://cssplice.github.io/progsnap2/) format,
version 1.0, with the **Directory** code-state representation.

| | |
|---|---|
| Subjects | ${stats.subjects} |
| Events (MainTable rows) | ${stats.events} |
| Code states | ${stats.codeStates} |
| Date range (client time) | ${range} |
| Roles included | ${scope.roles.join(", ")} |

## Files

- \`DatasetMetadata.csv\`: dataset properties.
- \`MainTable.csv\`: one row per event, UTF-8, RFC 4180 quoting, CRLF line ends.
- \`CodeStates/<CodeStateID>/<file>\`: the student's files at that point; a \`CodeStateID\` column value names the
  folder. Blank means the code is not known yet (events before the first edit of a session).
- \`Resources/ProgramErrorOutput/<id>.txt\`: the error a program run ended with (see \`ProgramErrorOutput\`).

## Privacy

- Only students whose research consent allowed it when the dataset was made are included; staff and LMS test
  students are left out${scope.roles.some((r) => r !== "student") ? " except for the roles listed above" : ""}.
- \`SubjectID\`, \`CourseID\`, \`AssignmentID\` and \`SessionID\` are keyed hashes (HMAC-SHA-256); \`CodeStateID\`,
  \`ExecutionID\` and the names of error-output files are a keyed permutation (AES-128) of Lantern's ids. ${key.stable ? "They use the research project's key, so they are the same in every dataset exported under that project." : "The key was made for this dataset alone and discarded: ids cannot be linked to other datasets."}
- Each student's own name, name parts of three or more letters, email address and its local part were replaced in
  code and messages by \`[name]\` and \`[email]\`. Other personal data typed into code is not detected.

## Assignments

| AssignmentID | Title | Points |
|---|---|---|
${ctx.assignments.map((a) => `| ${assignmentIdOf(a.id)} | ${md(a.title)} | ${a.points} |`).join("\n")}

## Ordering and time

\`Order\` increases with time within one subject's work on one assignment (\`EventOrderScope\` Restricted to
\`SubjectID;AssignmentID\`); across those groups it means nothing. \`ClientTimestamp\` is the browser's clock in the
student's own time zone (with its UTC offset); \`ServerTimestamp\` is when Lantern's server stored the event (UTC).
Grade overrides carry only a server time. Browser clocks can be wrong, so consumers should tolerate anomalies.

## Event types

| EventType | Meaning |
|---|---|
| Session.Start / Session.End | The editor was opened / closed (tab closed or navigated away). |
| File.Edit | The code changed and the student paused typing for 1.5 s; one event may hold several edits, so \`EditType\` is always \`GenericEdit\`. \`CodeStateSection\` is the edited file. |
| Run.Program | The student ran their program in the browser. \`ExecutionResult\` is \`Error\` when a compile or runtime error followed in the same session, else \`Success\`; the error text is in \`ProgramErrorOutput\`. |
| Compile | **Fabricated** (\`IsFabricatedEvent\` true): Python compiles while it runs, so each Compile.Error gets the Compile event it implies. |
| Compile.Error | A syntax error. \`CompileMessageType\` is Python's error class, \`CompileMessageData\` its message, \`SourceLocation\` \`Text:<line>\` (the line the message names). |
| X-Compile.Error | Custom: a syntax error whose message names no line (so it has no \`SourceLocation\`); otherwise as Compile.Error. |
| Submit | A submission as recorded by the server, with the code submitted. \`Score\` is the autograder's raw score divided by the points (0–1, partial credit allowed, before any late penalty); \`Attempt\` counts submissions. |
| Run.Test | One autograder test of that submission (same \`ExecutionID\`); \`TestID\` is \`<AssignmentID>/<test name>\`, \`Score\` the share of the test's points earned. |
| Intervention | A staff grade override (\`InterventionCategory\` EarnedGrade, \`InterventionType\` GradeOverride); \`InterventionMessage\` gives the new score. |
| X-Check | Custom: the student ran the visible tests in the browser. |
| X-Paste | Custom: text was pasted into the editor. |
| X-Focus / X-Blur | Custom: the editor window gained / lost focus. |
| X-Restore | Custom: the student restored an earlier version of their code. |
| X-Run.Error | Custom: a runtime error with no run before it in the same session. |

The browser's own Submit click is not exported separately: the server's Submit row replaces it. Runtime errors that
ended a run are folded into that Run.Program row (${stats.folded} in this dataset); ${stats.fabricated} Compile
events were fabricated.
`;
}
