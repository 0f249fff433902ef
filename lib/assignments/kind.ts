import { notFound } from "@/lib/errors";

/**
 * Refuses (404, like any assignment the caller cannot use) a notebook assignment where only a Python one makes sense:
 * the editor and its saves, submissions from Lantern's editor, the autograder (regrade, reference checks). A notebook
 * assignment's work lives in Jupyter and reaches Lantern only through the exchange (lib/exchange).
 */
export function requirePythonAssignment(assignment: { kind: "python" | "notebook" }): void {
  if (assignment.kind !== "python") throw notFound("No such assignment.");
}
