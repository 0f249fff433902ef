import { page } from "@/lib/auth/page";
import { env } from "@/lib/env";
import { checkDatabase } from "@/lib/models/health";
import { selectSystemStatus, type QueueState } from "@/lib/models/system-status";
import { AdminFrame } from "./_components/admin-frame";

export const dynamic = "force-dynamic";

function age(oldest: Date | null): string {
  if (!oldest) return "—";
  const minutes = Math.floor((Date.now() - oldest.getTime()) / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h`;
}

function QueueTable({ caption, states, empty }: { caption: string; states: QueueState[]; empty: string }) {
  return (
    <section className="mt-6" aria-label={caption}>
      <h2 className="text-lg font-semibold">{caption}</h2>
      {states.length === 0 ? (
        <p className="mt-1 text-slate-700">{empty}</p>
      ) : (
        <table className="mt-2 text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-1 pr-6">State</th>
              <th scope="col" className="py-1 pr-6">Count</th>
              <th scope="col" className="py-1">Oldest</th>
            </tr>
          </thead>
          <tbody>
            {states.map((s) => (
              <tr key={s.status} className="border-b border-slate-200">
                <td className="py-1 pr-6">{s.status}</td>
                <td className="py-1 pr-6">{s.count}</td>
                <td className="py-1">{age(s.oldest)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The admin overview: system status (queues, passback, background work, database). */
export default page({ access: { siteRoles: ["admin"] } }, async ({ authz }) => {
  const [status, database] = await Promise.all([selectSystemStatus({ authz }), checkDatabase()]);
  const settings = env();
  const background = settings.INNGEST_EVENT_KEY || settings.INNGEST_DEV ? "Inngest" : "in-process workers (database queues)";
  return (
    <AdminFrame current="/admin" title="Admin">
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium">Database</dt>
        <dd>
          {database.db}, migrations {database.migrations === "current" ? "up to date" : "pending: run npm run db:migrate"}
        </dd>
        <dt className="font-medium">Background work</dt>
        <dd>{background}</dd>
        <dt className="font-medium">Mail</dt>
        <dd>{settings.RESEND_API_KEY ? "Resend" : "not configured (development mailbox outside production)"}</dd>
      </dl>
      <QueueTable caption="Grading queue" states={status.grading} empty="Nothing waiting to be graded." />
      <QueueTable caption="Grade passback outbox" states={status.passback} empty="Every grade has reached its LMS." />
      <QueueTable caption="Exports" states={status.exports} empty="No exports waiting or failed." />
      <QueueTable caption="Roster syncs" states={status.rosterSyncs} empty="No roster syncs waiting or failed." />
    </AdminFrame>
  );
});
