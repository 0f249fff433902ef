import type { z } from "zod";
import { assignmentContentSchema, type AssignmentContent } from "@/lib/assignments/content-schema";
import { nbgraderNameProblem } from "@/lib/assignments/nbgrader-name";
import type { StarterFile } from "@/lib/grading/types";
import { isTimeZone } from "@/lib/time-zone";
import { parseContentDate, type DateFrame } from "./dates";
import { COURSE_FORMAT, type ContentTree, type CourseContent } from "./format";
import { YamlFile, type ContentError } from "./yaml-file";

const COURSE_KEYS = ["format", "timeZone", "startsOn", "groups", "ungrouped"] as const;
const ASSIGNMENT_KEYS = [
  "kind", "title", "points", "status", "gradedBy", "opensAt", "dueAt", "lockAt", "latePolicy", "attemptLimit", "scoreCounting",
  "gradingTimeLimitMs", "mainFile", "readOnlyFiles", "functionTests", "ioCases",
] as const;
const ASSERT_TEST_KEYS = ["name", "kind", "points", "visibility", "message"] as const;
const CALL_TEST_KEYS = [...ASSERT_TEST_KEYS, "function", "args", "expected", "floatTolerance"] as const;
const IO_CASE_KEYS = ["name", "points", "visibility", "message", "comparison", "ignoreCase", "floatTolerance", "stdin", "expectedStdout"] as const;
const ASSIGNMENT_PART = /^([^/]+)\/(assignment\.yaml|instructions\.md|(starter|solution|tests)\/([^/]+))$/;

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a content tree (see format.ts) into validated course content, or every problem found — never a partial
 * result. A tree whose files all sit in one top-level folder (a zipped directory) is read from inside it.
 */
export function readCourseContent(input: ContentTree): { content: CourseContent } | { errors: ContentError[] } {
  const tree = unwrap(input);
  const errors: ContentError[] = [];
  const courseText = tree.get("course.yaml");
  if (courseText === undefined) return { errors: [{ file: "course.yaml", message: "course.yaml is missing (it names the format and the course's groups)." }] };
  const course = new YamlFile("course.yaml", courseText);
  errors.push(...course.errors);
  if (course.errors.length) return { errors };
  const settings = readCourseYaml(course, errors);

  const folders = new Map<string, Map<string, string>>();
  for (const [path, text] of tree) {
    if (path === "course.yaml") continue;
    const m = ASSIGNMENT_PART.exec(path);
    if (!m) {
      errors.push({ file: path, message: "Unexpected file: content is course.yaml plus one folder per assignment (see docs/course-content.md)." });
      continue;
    }
    if (!folders.has(m[1])) folders.set(m[1], new Map());
    folders.get(m[1])!.set(m[2], text);
  }

  const listed = settings ? [...settings.groups.flatMap((g) => g.assignments), ...settings.ungrouped] : [];
  const seen = new Set<string>();
  for (const slug of listed) {
    if (seen.has(slug)) errors.push(course.error(["groups"], `"${slug}" is listed more than once.`));
    seen.add(slug);
    if (!folders.has(slug)) errors.push(course.error(["groups"], `"${slug}" is listed but there is no folder ${slug}/.`));
  }
  const assignments: AssignmentContent[] = [];
  const frame: DateFrame = { timeZone: settings?.timeZone ?? "UTC", startsOn: settings?.startsOn ?? null };
  for (const slug of listed.filter((s) => folders.has(s))) {
    const a = readAssignment(slug, folders.get(slug)!, frame, errors);
    if (a) assignments.push(a);
  }
  if (settings) {
    for (const slug of folders.keys()) {
      if (!seen.has(slug)) errors.push(course.error(["ungrouped"], `Folder ${slug}/ is not listed in course.yaml (add it to a group or to ungrouped).`));
    }
  }
  if (errors.length || !settings) return { errors };
  return { content: { ...settings, assignments } };
}

function unwrap(tree: ContentTree): ContentTree {
  if (tree.has("course.yaml")) return tree;
  const tops = new Set([...tree.keys()].map((p) => p.split("/")[0]));
  const [top] = tops;
  if (tops.size !== 1 || !tree.has(`${top}/course.yaml`)) return tree;
  return new Map([...tree].map(([p, t]) => [p.slice(top.length + 1), t]));
}

function readCourseYaml(file: YamlFile, errors: ContentError[]): Omit<CourseContent, "assignments"> | null {
  const v = file.value;
  if (!isRecord(v)) {
    errors.push(file.error([], "course.yaml must be a mapping (format, timeZone, groups, …)."));
    return null;
  }
  const before = errors.length;
  errors.push(...file.unknownKeys([], COURSE_KEYS));
  if (v.format !== COURSE_FORMAT) {
    errors.push(file.error(["format"], `Unsupported format ${JSON.stringify(v.format ?? null)}: this Lantern reads "${COURSE_FORMAT}".`));
  }
  if (typeof v.timeZone !== "string" || !isTimeZone(v.timeZone)) {
    errors.push(file.error(["timeZone"], "timeZone must be an IANA time zone name such as Europe/Paris or UTC."));
  }
  const startsOn = v.startsOn ?? null;
  if (startsOn !== null && (typeof startsOn !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(startsOn) || Number.isNaN(Date.parse(startsOn)))) {
    errors.push(file.error(["startsOn"], "startsOn must be a date written YYYY-MM-DD."));
  }
  const groups: CourseContent["groups"] = [];
  if (!Array.isArray(v.groups ?? [])) errors.push(file.error(["groups"], "groups must be a list."));
  else {
    ((v.groups as unknown[] | undefined) ?? []).forEach((g, i) => {
      errors.push(...file.unknownKeys(["groups", i], ["title", "assignments"]));
      if (!isRecord(g) || typeof g.title !== "string" || g.title.trim() === "" || g.title.length > 200) {
        errors.push(file.error(["groups", i], "Each group needs a title (up to 200 characters)."));
        return;
      }
      const slugs = slugList(file, ["groups", i, "assignments"], g.assignments, errors);
      groups.push({ title: g.title, assignments: slugs });
    });
  }
  const ungrouped = slugList(file, ["ungrouped"], v.ungrouped, errors);
  if (errors.length > before) return null;
  return { timeZone: v.timeZone as string, startsOn: startsOn as string | null, groups, ungrouped };
}

function slugList(file: YamlFile, path: (string | number)[], value: unknown, errors: ContentError[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push(file.error(path, "Expected a list of assignment folder names."));
    return [];
  }
  // Any folder name an assignment may have (a notebook's is its nbgrader name); its kind's own rule is checked with it.
  return value.flatMap((s, i) => {
    const problem = typeof s === "string" ? nbgraderNameProblem(s) : "Expected a folder name.";
    if (problem) {
      errors.push(file.error([...path, i], `${JSON.stringify(s)}: ${problem}`));
      return [];
    }
    return [s as string];
  });
}

function readAssignment(slug: string, parts: Map<string, string>, frame: DateFrame, errors: ContentError[]): AssignmentContent | null {
  const yamlName = `${slug}/assignment.yaml`;
  const text = parts.get("assignment.yaml");
  if (text === undefined) {
    errors.push({ file: yamlName, message: "assignment.yaml is missing." });
    return null;
  }
  const file = new YamlFile(yamlName, text);
  if (file.errors.length) {
    errors.push(...file.errors);
    return null;
  }
  const v = file.value;
  if (!isRecord(v)) {
    errors.push(file.error([], "assignment.yaml must be a mapping (title, points, …)."));
    return null;
  }
  const before = errors.length;
  errors.push(...file.unknownKeys([], ASSIGNMENT_KEYS));
  const filesIn = (dir: "starter" | "solution" | "tests"): StarterFile[] =>
    [...parts]
      .filter(([p]) => p.startsWith(`${dir}/`))
      .map(([p, content]) => ({ name: p.slice(dir.length + 1), content }))
      .sort((x, y) => (x.name < y.name ? -1 : 1));

  const date = (key: "opensAt" | "dueAt" | "lockAt"): Date | null => {
    if (v[key] === undefined || v[key] === null) return null;
    if (typeof v[key] !== "string") {
      errors.push(file.error([key], `${key} must be a date such as +14d 23:59 or 2026-03-01T23:59.`));
      return null;
    }
    const parsed = parseContentDate(v[key], frame);
    if (typeof parsed === "string") errors.push(file.error([key], parsed));
    return typeof parsed === "string" ? null : parsed;
  };

  let starterFiles = filesIn("starter");
  if (v.mainFile !== undefined) {
    const main = starterFiles.find((f) => f.name === v.mainFile);
    if (!main) errors.push(file.error(["mainFile"], `mainFile ${JSON.stringify(v.mainFile)} is not in ${slug}/starter/.`));
    else starterFiles = [main, ...starterFiles.filter((f) => f !== main)];
  } else if (starterFiles.length > 0) {
    errors.push(file.error([], "Name the file that runs: mainFile: main.py."));
  }

  const testCode = new Map(filesIn("tests").map((f) => [f.name, f.content]));
  const functionTests = Array.isArray(v.functionTests)
    ? v.functionTests.map((t: unknown, i: number) => {
        const test = isRecord(t) ? t : {};
        const kind = test.kind ?? "assert";
        errors.push(...file.unknownKeys(["functionTests", i], kind === "call" ? CALL_TEST_KEYS : ASSERT_TEST_KEYS));
        if (kind !== "assert") return { message: "", ...test, kind };
        const code = testCode.get(`${String(test.name)}.py`);
        if (code === undefined) errors.push(file.error(["functionTests", i, "name"], `No code for this test: add ${slug}/tests/${String(test.name)}.py.`));
        testCode.delete(`${String(test.name)}.py`);
        return { message: "", ...test, kind, code: code ?? "" };
      })
    : v.functionTests;
  for (const name of testCode.keys()) errors.push({ file: `${slug}/tests/${name}`, message: "No test in assignment.yaml uses this file (list it under functionTests)." });
  const ioCases = Array.isArray(v.ioCases)
    ? v.ioCases.map((c: unknown, i: number) => {
        errors.push(...file.unknownKeys(["ioCases", i], IO_CASE_KEYS));
        return { message: "", stdin: "", ...(isRecord(c) ? c : {}) };
      })
    : v.ioCases;

  // No kind is Python: content exported before notebook assignments existed imports as it always did.
  const kind = v.kind ?? "python";
  const candidate = {
    kind,
    slug,
    title: v.title,
    points: v.points,
    status: v.status ?? "draft",
    gradedBy: v.gradedBy ?? (kind === "notebook" ? "staff" : "autograder"),
    instructions: parts.get("instructions.md") ?? "",
    starterFiles,
    readOnlyFiles: v.readOnlyFiles ?? [],
    referenceFiles: filesIn("solution"),
    functionTests: functionTests ?? [],
    ioCases: ioCases ?? [],
    opensAt: date("opensAt"),
    dueAt: date("dueAt"),
    lockAt: date("lockAt"),
    latePolicy: v.latePolicy ?? { kind: "none" },
    attemptLimit: v.attemptLimit ?? null,
    scoreCounting: v.scoreCounting ?? "last",
    gradingTimeLimitMs: v.gradingTimeLimitMs ?? 10_000,
  };
  const result = assignmentContentSchema.safeParse(candidate);
  if (!result.success) errors.push(...result.error.issues.map((issue) => locate(slug, file, candidate, issue)));
  if (errors.length > before || !result.success) return null;
  return result.data;
}

/** Where a validation problem lives: a line of assignment.yaml, or the file that holds the value. */
function locate(slug: string, file: YamlFile, candidate: { starterFiles: StarterFile[]; referenceFiles: StarterFile[]; functionTests: unknown }, issue: z.core.$ZodIssue): ContentError {
  const [head, index, field] = issue.path as (string | number)[];
  if (head === "starterFiles" || head === "referenceFiles") {
    const dir = head === "starterFiles" ? "starter" : "solution";
    const name = typeof index === "number" ? candidate[head][index]?.name : undefined;
    return { file: name ? `${slug}/${dir}/${name}` : `${slug}/${dir}/`, message: issue.message };
  }
  if (head === "instructions") return { file: `${slug}/instructions.md`, message: issue.message };
  if (head === "functionTests" && field === "code") {
    const name = (candidate.functionTests as { name?: string }[])[index as number]?.name;
    return { file: `${slug}/tests/${String(name)}.py`, message: issue.message };
  }
  return file.error(issue.path as (string | number)[], `${issue.path.join(".") || "assignment"}: ${issue.message}`);
}
