import { buildExport, sweepExports } from "./exports";
import { gradeSubmission, sweepGradingJobs } from "./grading";
import { cleanupLti } from "./lti";
import { deliverGrade, sweepGradeOutbox } from "./passback";
import { scheduleRosterSyncs, syncRoster } from "./roster";

/** Every Inngest function Lantern serves at /api/inngest. */
export const functions = [deliverGrade, sweepGradeOutbox, gradeSubmission, sweepGradingJobs, cleanupLti, buildExport, sweepExports, syncRoster, scheduleRosterSyncs];
