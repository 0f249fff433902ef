import { z } from "zod";

// A notebook assignment's short name is its nbgrader assignment name (`assignment_id`): the folder nbgrader keeps it in
// (`source/<name>/`, `release/<name>/`, each student's `<name>/`) and the code a release through the exchange names.
// nbgrader itself refuses only "+" and strips surrounding whitespace (CourseDirectory._validate_assignment_id); its
// gradebook keeps names up to 128 characters (Assignment.name, String(128)). Being a directory name, it also cannot
// hold a path separator, be "." or "..", or contain control characters. Everything else — spaces, capitals,
// underscores, unicode, "&", "%", "#" — nbgrader accepts, so Lantern does, and matches it exactly (case and all).

export const NBGRADER_NAME_MAX = 128;

// Control characters (C0, DEL, C1): no file system or shell handles them as part of a folder name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why a string is not an nbgrader assignment name, or null when it is one. Expects the name already trimmed. */
export function nbgraderNameProblem(name: string): string | null {
  if (name === "") return "Give the nbgrader assignment name.";
  if (name.length > NBGRADER_NAME_MAX) return `Use at most ${NBGRADER_NAME_MAX} characters (nbgrader's limit).`;
  if (name.includes("+")) return "nbgrader does not allow “+” in assignment names.";
  if (/[/\\]/.test(name)) return "The name is a folder name: it cannot contain “/” or “\\”.";
  if (name === "." || name === "..") return "“.” and “..” cannot be folder names.";
  if (CONTROL.test(name)) return "The name cannot contain control characters (tabs, line breaks).";
  if (name.trim() !== name) return "Remove the spaces at the start or end (nbgrader strips them).";
  return null;
}

/** An nbgrader assignment name as typed in a form: surrounding whitespace is dropped, as nbgrader drops it. */
export const nbgraderNameSchema = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = nbgraderNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
