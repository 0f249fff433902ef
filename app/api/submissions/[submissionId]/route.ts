import { handler } from "@/lib/auth/handler";
import { wakeGradingRunner } from "@/lib/grading/runner";
import { loadStudentWork, requireOwnWork } from "@/lib/submissions/work";
import { submissionParams } from "../schema";

export const dynamic = "force-dynamic";

/** The caller's work: current files, status and grade. The editor polls this while a grade is pending. */
export const GET = handler({ access: { user: true }, params: submissionParams }, async ({ params, session }) => {
  const { assignment, submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
  const work = await loadStudentWork({ assignment, submission });
  // Jobs survive restarts as rows; a poll makes sure this process's runner is there to pick them up.
  if (work.grading === "queued") wakeGradingRunner();
  return work;
});
