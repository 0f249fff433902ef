import type { Metadata } from "next";
import { contextInfo } from "@/lib/dev-lms/context";
import { roster } from "@/lib/dev-lms/people";
import { DEFAULT_CONTEXT_ID, requireDevLmsPage } from "@/lib/dev-lms/platform";
import { selectDevLmsContextLineItems, selectDevLmsScores } from "@/lib/models/dev-lms-ags";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gradebook" };

/** The course gradebook: one column per line item, each student's current result (the latest score by timestamp). */
export default async function DevLmsGradebookPage({ searchParams }: { searchParams: Promise<{ context?: string }> }) {
  requireDevLmsPage();
  const contextId = ((await searchParams).context ?? DEFAULT_CONTEXT_ID).slice(0, 200);
  const items = await selectDevLmsContextLineItems({ contextId });
  const scores = await selectDevLmsScores({ contextId });
  const current = new Map<string, (typeof scores)[number]["score"]>();
  const posts = new Map<string, number>();
  for (const { score } of scores) {
    const key = `${score.lineItemId}|${score.userId}`;
    posts.set(key, (posts.get(key) ?? 0) + 1);
    const seen = current.get(key);
    if (score.applied && (!seen || score.timestamp >= seen.timestamp)) current.set(key, score);
  }
  const people = roster();

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Gradebook: {contextInfo(contextId).title}</h1>
      <form className="flex items-end gap-2" method="get">
        <label className="block">
          Course (context id)
          <input name="context" defaultValue={contextId} className="mt-1 block rounded border border-slate-400 bg-white px-2 py-1" />
        </label>
        <button type="submit" className="rounded border border-slate-600 px-3 py-1">Show</button>
      </form>
      {items.length === 0 ? (
        <p className="text-slate-700">No grade columns in this course yet.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="min-w-full border-collapse bg-white text-sm">
            <caption className="sr-only">Current results per student and grade column</caption>
            <thead>
              <tr>
                <th scope="col" className="border border-slate-300 px-2 py-1 text-left">Student</th>
                {items.map((i) => (
                  <th key={i.id} scope="col" className="border border-slate-300 px-2 py-1 text-left">
                    {i.label} <span className="font-normal text-slate-700">/ {i.scoreMaximum}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.userId}>
                  <th scope="row" className="border border-slate-300 px-2 py-1 text-left font-normal">
                    {p.name ?? p.userId}
                  </th>
                  {items.map((i) => {
                    const s = current.get(`${i.id}|${p.userId}`);
                    const n = posts.get(`${i.id}|${p.userId}`) ?? 0;
                    return (
                      <td key={i.id} className="border border-slate-300 px-2 py-1" data-user={p.userId} data-line-item={i.id}>
                        {s ? (
                          <>
                            {s.scoreGiven ?? "–"}
                            {s.scoreMaximum !== null && ` / ${s.scoreMaximum}`}{" "}
                            <span className="text-slate-700">({s.gradingProgress}{n > 1 ? `, ${n} posts` : ""})</span>
                          </>
                        ) : (
                          <span className="text-slate-700">no score</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-sm text-slate-700">
        Every score post, applied or not, is listed as JSON at <code>/dev/lms/api/recorded?contextId={contextId}</code>.
      </p>
    </div>
  );
}
