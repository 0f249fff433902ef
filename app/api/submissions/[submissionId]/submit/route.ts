import { handler } from "@/lib/auth/handler";
import { notifyGradingQueued } from "@/lib/grading/enqueue";
import { submitSubmission } from "@/lib/models/grading-jobs";
import { submitForStaffGrading } from "@/lib/models/staff-graded";
import { insertSubmissionVersion, selectOwnSubmission } from "@/lib/models/submissions";
import { loadStudentWork, requireOwnWork } from "@/lib/submissions/work";
import { assertFilesSize, FILES_BODY_BYTES, submissionParams, submitBody } from "../../schema";

export const dynamic = "force-dynamic";

/**
 * Submits for grading. The files are saved first, so a refused submission (after the lock date: 409 with a
 * message) still keeps the work; then one grading job is queued and a grader is notified (Inngest or in-process) —
 * or, for an assignment graded by staff, the submission waits for them.
 */
export const POST = handler(
  { access: { user: true }, params: submissionParams, body: submitBody, maxBodyBytes: FILES_BODY_BYTES },
  async ({ params, body, session }) => {
    assertFilesSize(body.files);
    const { authz, assignment, submission } = await requireOwnWork({ session, unsafeSubmissionId: params.submissionId });
    await insertSubmissionVersion({ authz, submission, files: body.files, kind: "autosave", clientSavedAt: body.clientSavedAt });
    if (assignment.gradedBy === "staff") {
      await submitForStaffGrading({ authz, assignment, submission, files: body.files, clientSavedAt: body.clientSavedAt });
    } else {
      const { job } = await submitSubmission({ authz, assignment, submission, files: body.files, clientSavedAt: body.clientSavedAt });
      notifyGradingQueued(job.id);
    }
    return loadStudentWork({ assignment, submission: await selectOwnSubmission({ session, unsafeSubmissionId: submission.id }) });
  },
);
