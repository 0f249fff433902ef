import type { ConsentChoice, ConsentModel } from "@/lib/models/research";

/** Until the instructor chooses, a course is opt-in: nobody is in a research export without agreeing. */
export const DEFAULT_CONSENT_MODEL: ConsentModel = "opt_in";
export const DEFAULT_CONSENT_WORDING =
  "Researchers at your institution study how people learn to program. With your permission, a de-identified copy of your coding activity in this course (edits, runs, errors and submissions, with your name and email removed) may be included in their datasets. Your choice does not affect your grade, and you can change it at any time.";

/** Whether a student is in research exports under the model and their own choice (null: not chosen). */
export function consentAllows(model: ConsentModel, choice: ConsentChoice | null): boolean {
  return model === "opt_out" ? choice !== "declined" : choice === "granted";
}
