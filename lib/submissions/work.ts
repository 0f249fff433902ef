import { authorizeCourse, type CourseAuthz } from "@/lib/auth/authz";
import { requirePythonAssignment } from "@/lib/assignments/kind";
import { ALL_ROLES } from "@/lib/auth/roles";
import type { Session } from "@/lib/auth/session";
import { notFound } from "@/lib/errors";
import { isVisibleTo, type Assignment } from "@/lib/models/assignments";
import { selectOptionalLatestGradingRun, selectOptionalVisibleOverrideAuthor } from "@/lib/models/grades";
import { selectOptionalLatestGradingJob, selectQueuePlace } from "@/lib/models/grading-jobs";
import {
  selectOptionalCurrentSavedAt,
  selectOptionalOwnWork,
  selectSubmissionDates,
  selectSubmissionFiles,
  type Submission,
} from "@/lib/models/submissions";
import type { Dates } from "@/lib/grading/policy";
import { toStudentWork, type StudentWork } from "./shapes";

/**
 * Resolves a submission id from a request to the caller's own submission, re-checking that they are still in the
 * course and that the assignment is still visible to them. Anyone else's submission is a 404.
 */
export async function requireOwnWork({
  session,
  unsafeSubmissionId,
}: {
  session: Session;
  unsafeSubmissionId: string;
}): Promise<{ authz: CourseAuthz; assignment: Assignment; submission: Submission }> {
  // The same checks as selectOwnSubmission → requireCourseRole → selectAssignment, from one statement.
  const found = await selectOptionalOwnWork({ session, unsafeSubmissionId });
  if (!found) throw notFound("No such submission.");
  if (!found.course) throw notFound("No such course.");
  const authz = await authorizeCourse({ session, course: found.course, enrolled: found.enrolled, roles: ALL_ROLES });
  if (!found.assignment || !isVisibleTo(authz, found.assignment)) throw notFound("No such assignment.");
  // A notebook assignment's row holds only the grade from nbgrader: the editor's endpoints never write or read it.
  requirePythonAssignment(found.assignment);
  return { authz, assignment: found.assignment, submission: found.submission };
}

/**
 * The student-safe state of the caller's work on an assignment (also for "not started yet"). `dates` may be given
 * when the caller already reads the student's allowance (lib/models/extensions.ts), so it is not read twice.
 */
export async function loadStudentWork({
  assignment,
  submission,
  dates: knownDates,
}: {
  assignment: Assignment;
  submission: Submission | null;
  dates?: Promise<Dates>;
}): Promise<StudentWork> {
  const maxScore = assignment.points;
  if (!submission) {
    const dates = await selectSubmissionDates({ assignment, submission });
    return toStudentWork({ submission, files: null, savedAt: null, dates, job: null, run: null, maxScore });
  }
  // Before the first save (the row a launch creates) there is no version, so no save time, grading job or run: every
  // job and run names a version (lib/models/grading-jobs.ts, grades.ts). Most launches open work in that state.
  const saved = submission.currentVersion > 0;
  const [dates, files, savedAt, job, run, overrideAuthor] = await Promise.all([
    knownDates ?? selectSubmissionDates({ assignment, submission }),
    selectSubmissionFiles({ submission }),
    saved ? selectOptionalCurrentSavedAt({ submission }) : null,
    saved ? selectOptionalLatestGradingJob({ submission }) : null,
    saved ? selectOptionalLatestGradingRun({ submission }) : null,
    submission.overriddenAt ? selectOptionalVisibleOverrideAuthor({ submission }) : null,
  ]);
  const queue = job ? await selectQueuePlace({ job }) : null;
  return toStudentWork({ submission, files, savedAt, dates, job, run, queue, maxScore, overrideAuthor });
}
