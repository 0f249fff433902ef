import { signedDownloadHref } from "@/lib/auth/download-link";
import { LocalTime } from "@/components/local-time";
import { EXPORT_KINDS } from "@/lib/exports/params";
import type { ExportJobView } from "@/lib/models/export-jobs";
import { JobProgress } from "./job-progress";
import { RetryButton } from "./retry-button";

function size(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The exports a page lists: what, by whom, state (live progress while running), download or retry. */
export function JobList({ jobs, session, showCourse = false }: { jobs: ExportJobView[]; session: { id: string }; showCourse?: boolean }) {
  if (jobs.length === 0) return <p className="text-sm text-slate-700">No exports yet.</p>;
  const now = new Date();
  return (
    <div className="max-w-full relative overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Exports</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-3">Export</th>
            {showCourse && <th scope="col" className="py-2 pr-3">Course</th>}
            <th scope="col" className="py-2 pr-3">Requested</th>
            <th scope="col" className="py-2 pr-3">State</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const label = `${EXPORT_KINDS[job.kind].label}${job.audience === "research" && job.kind !== "progsnap2" ? " (de-identified)" : ""}`;
            const expired = job.status === "done" && job.expiresAt !== null && job.expiresAt <= now;
            return (
              <tr key={job.id} className="border-b border-slate-200 align-top">
                <td className="py-2 pr-3 font-medium">{label}</td>
                {showCourse && <td className="py-2 pr-3">{job.courseTitle}</td>}
                <td className="py-2 pr-3">
                  <LocalTime iso={job.createdAt.toISOString()} />
                  {job.requestedBy ? ` by ${job.requestedBy}` : ""}
                </td>
                <td className="py-2 pr-3">
                  {(job.status === "queued" || job.status === "running") && (
                    <JobProgress jobId={job.id} label={label} initial={{ status: job.status, progress: job.progress, message: job.message }} />
                  )}
                  {job.status === "done" && !expired && (
                    <span>
                      <a href={signedDownloadHref(`/api/exports/${job.id}/download`, session)} className="text-lantern-700 underline">
                        Download {job.resultFilename}
                      </a>{" "}
                      <span className="text-slate-700">
                        ({size(job.resultBytes)}, {job.rowCount} rows; until {job.expiresAt ? <LocalTime iso={job.expiresAt.toISOString()} /> : "—"})
                      </span>
                    </span>
                  )}
                  {expired && <span className="text-slate-700">Expired: request it again.</span>}
                  {job.status === "failed" && (
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="text-red-800">{job.message}</span>
                      <RetryButton jobId={job.id} label={label} />
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
