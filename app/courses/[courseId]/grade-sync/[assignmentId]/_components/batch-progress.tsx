"use client";

import { JobProgress } from "@/components/job-progress";

/** Progress of a "resend all" batch, polled until every grade reached a final state. */
export function BatchProgress({ url }: { url: string }) {
  return (
    <JobProgress
      url={url}
      id="resend-progress"
      loading="Resending grades…"
      running="Resending grades"
      finished="Resend finished"
      started={(total) => `Resending ${total} grades.`}
      finishedNote="Reload the page to see each student's state."
    />
  );
}
