"use client";

import { JobProgress } from "@/components/job-progress";

/** The regrade's progress, polled until every queued submission is graded again. */
export function RegradeProgress({ url }: { url: string }) {
  return (
    <JobProgress
      url={url}
      id="regrade-progress"
      loading="Regrading…"
      running="Regrading"
      finished="Regrade finished"
      started={(total) => `Regrading ${total} ${total === 1 ? "submission" : "submissions"}.`}
      finishedNote="Changed grades are on their way to the LMS."
    />
  );
}
