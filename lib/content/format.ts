import { stringify } from "yaml";
import type { AssignmentContent } from "@/lib/assignments/content-schema";
import { formatContentDate, type DateFrame } from "./dates";

// Course content as a tree of plain files, format "lantern-course/1" (documented in docs/course-content.md):
//
//   course.yaml                        format, timeZone, startsOn, groups (and the order of assignments)
//   <slug>/assignment.yaml             everything else about the assignment (`kind: notebook` for an nbgrader one,
//                                      whose folder is its nbgrader name; no kind = Python, as before kinds existed)
//   <slug>/instructions.md             the instructions (markdown)
//   <slug>/starter/<file>              starter files (assignment.yaml names the one that runs)
//   <slug>/solution/<file>             the reference solution (never shown to students)
//   <slug>/tests/<test name>.py        the code of each assert test (call tests are data in assignment.yaml)
//
// Writing is deterministic (fixed key order, sorted paths), so export → import → export gives identical bytes.

export const COURSE_FORMAT = "lantern-course/1";

/** A course's content: its settings, its groups in order, and its assignments in course order. */
export type CourseContent = {
  timeZone: string;
  startsOn: string | null;
  /** Groups in order, each with its assignments' slugs in order; `null` title = assignments in no group. */
  groups: { title: string; assignments: string[] }[];
  ungrouped: string[];
  assignments: AssignmentContent[];
};

/** A file tree: relative path → UTF-8 text. */
export type ContentTree = Map<string, string>;

const YAML_OPTIONS = { lineWidth: 0, blockQuote: "literal", indentSeq: true } as const;

function yaml(value: unknown): string {
  return stringify(value, YAML_OPTIONS);
}

function assignmentYaml(a: AssignmentContent, frame: DateFrame): Record<string, unknown> {
  const out: Record<string, unknown> = {
    // Written only for notebooks, so a Python assignment's file is byte-identical to one exported before kinds.
    ...(a.kind === "notebook" ? { kind: a.kind } : {}),
    title: a.title,
    points: a.points,
    status: a.status,
    gradedBy: a.gradedBy,
  };
  if (a.opensAt) out.opensAt = formatContentDate(a.opensAt, frame);
  if (a.dueAt) out.dueAt = formatContentDate(a.dueAt, frame);
  if (a.lockAt) out.lockAt = formatContentDate(a.lockAt, frame);
  const p = a.latePolicy;
  out.latePolicy = p.kind === "penalty" ? { kind: p.kind, percentPerDay: p.percentPerDay, maxPercent: p.maxPercent } : { kind: p.kind };
  if (a.attemptLimit !== null) out.attemptLimit = a.attemptLimit;
  out.scoreCounting = a.scoreCounting;
  out.gradingTimeLimitMs = a.gradingTimeLimitMs;
  if (a.starterFiles.length > 0) out.mainFile = a.starterFiles[0].name;
  if (a.readOnlyFiles.length > 0) out.readOnlyFiles = [...a.readOnlyFiles].sort();
  if (a.functionTests.length > 0) {
    // Assert tests keep their code in tests/<name>.py; call tests are data and live here whole.
    out.functionTests = a.functionTests.map((t) => ({
      name: t.name,
      kind: t.kind,
      points: t.points,
      visibility: t.visibility,
      ...(t.message ? { message: t.message } : {}),
      ...(t.kind === "call"
        ? { function: t.function, args: t.args, expected: t.expected, ...(t.floatTolerance !== undefined ? { floatTolerance: t.floatTolerance } : {}) }
        : {}),
    }));
  }
  if (a.ioCases.length > 0) {
    out.ioCases = a.ioCases.map((c) => ({
      name: c.name,
      points: c.points,
      visibility: c.visibility,
      ...(c.message ? { message: c.message } : {}),
      comparison: c.comparison,
      ...(c.ignoreCase !== undefined ? { ignoreCase: c.ignoreCase } : {}),
      ...(c.floatTolerance !== undefined ? { floatTolerance: c.floatTolerance } : {}),
      stdin: c.stdin,
      expectedStdout: c.expectedStdout,
    }));
  }
  return out;
}

/** Writes a course's content as a file tree. */
export function writeCourseContent(content: CourseContent): ContentTree {
  const frame: DateFrame = { timeZone: content.timeZone, startsOn: content.startsOn };
  const tree: ContentTree = new Map();
  tree.set(
    "course.yaml",
    yaml({
      format: COURSE_FORMAT,
      timeZone: content.timeZone,
      ...(content.startsOn ? { startsOn: content.startsOn } : {}),
      groups: content.groups,
      ungrouped: content.ungrouped,
    }),
  );
  for (const a of content.assignments) {
    tree.set(`${a.slug}/assignment.yaml`, yaml(assignmentYaml(a, frame)));
    tree.set(`${a.slug}/instructions.md`, a.instructions);
    for (const f of a.starterFiles) tree.set(`${a.slug}/starter/${f.name}`, f.content);
    for (const f of a.referenceFiles) tree.set(`${a.slug}/solution/${f.name}`, f.content);
    for (const t of a.functionTests) if (t.kind === "assert") tree.set(`${a.slug}/tests/${t.name}.py`, t.code);
  }
  return new Map([...tree.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}
