import type { Metadata } from "next";
import { contextInfo } from "@/lib/dev-lms/context";
import { lti11ClientId } from "@/lib/dev-lms/lti11-launch";
import { resultsFromOutcomes } from "@/lib/dev-lms/lti11-outcomes";
import { PERSONAS, findPerson } from "@/lib/dev-lms/people";
import { DEFAULT_CONTEXT_ID, requireDevLmsPage } from "@/lib/dev-lms/platform";
import { env } from "@/lib/env";
import { selectDevLmsResourceLinks } from "@/lib/models/dev-lms";
import { selectDevLmsLti11Outcomes, selectDevLmsLti11Tools, selectOptionalDevLmsLti11Launch } from "@/lib/models/dev-lms-lti11";
import { addLti11App, launchLti11, setOutcomeFailure } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { absolute: "LTI 1.1 course · Dev LMS" } };

type Search = Promise<{ context?: string; launch?: string; error?: string; added?: string; saved?: string }>;

const field = "mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1";
const button = "rounded bg-blue-800 px-3 py-1.5 text-white hover:bg-blue-900";

/**
 * The dev LMS as an LTI 1.1 consumer: add a tool by consumer key, secret and configuration URL (Canvas's "By URL"),
 * launch it as any persona with an OAuth 1.0a signed form, and see the grades it sent over Basic Outcomes.
 */
export default async function DevLmsLti11Page({ searchParams }: { searchParams: Search }) {
  requireDevLmsPage();
  const sp = await searchParams;
  const contextId = (sp.context ?? DEFAULT_CONTEXT_ID).slice(0, 200);
  const context = contextInfo(contextId);
  const [tool] = await selectDevLmsLti11Tools();
  const launch = sp.launch ? await selectOptionalDevLmsLti11Launch({ unsafeLaunchId: sp.launch }) : null;
  const links = tool ? await selectDevLmsResourceLinks({ clientId: lti11ClientId(tool.consumerKey), contextId }) : [];
  const outcomes = tool ? await selectDevLmsLti11Outcomes({ consumerKey: tool.consumerKey }) : [];
  const results = resultsFromOutcomes(outcomes).filter((r) => links.some((l) => l.id === r.linkId));
  const launchedAs = launch ? findPerson(launch.person) : null;

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-700">{context.label} · LTI 1.1</p>
        <h1 className="text-2xl font-semibold">{context.title}: LTI 1.1 tool</h1>
      </div>

      <section aria-labelledby="add-heading" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="add-heading" className="text-lg font-semibold">{tool ? `Tool: ${tool.name} (key ${tool.consumerKey})` : "Add an LTI 1.1 app"}</h2>
        {sp.error && <p role="alert" className="mt-2 text-red-800">Could not add the app: {sp.error}</p>}
        {sp.added && <p role="status" className="mt-2 text-green-800">Added the app with consumer key {sp.added}.</p>}
        <form action={addLti11App} className="mt-3 grid gap-4 md:grid-cols-3">
          <label className="block">
            Consumer key
            <input name="consumerKey" className={field} required maxLength={200} defaultValue={tool?.consumerKey} />
          </label>
          <label className="block">
            Shared secret
            <input name="secret" type="password" className={field} required maxLength={500} autoComplete="off" />
          </label>
          <label className="block">
            Configuration URL
            <input name="configUrl" type="url" className={field} required defaultValue={tool?.configUrl ?? `${env().APP_URL}/lti/1.1/canvas.xml`} />
          </label>
          <div className="md:col-span-3">
            <button type="submit" className={button}>{tool ? "Replace the app" : "Add the app"}</button>
          </div>
        </form>
      </section>

      {tool && (
        <section aria-labelledby="launch-heading" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="launch-heading" className="text-lg font-semibold">Launch {tool.name} over LTI 1.1</h2>
          <form action={launchLti11} className="mt-3 grid gap-4 md:grid-cols-3">
            <input type="hidden" name="consumerKey" value={tool.consumerKey} />
            <label className="block">
              Launch type
              <select name="kind" className={field} defaultValue="resource_link">
                <option value="resource_link">Assignment link</option>
                <option value="course_navigation">Course navigation</option>
              </select>
            </label>
            <label className="block">
              Assignment link
              <select name="resourceLinkId" className={field} defaultValue="">
                <option value="">{links.length ? links[0].title : "Assignment 1 (created on first launch)"}</option>
                {links.slice(1).map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}
              </select>
            </label>
            <label className="block">
              Course (context id)
              <input name="contextId" className={field} defaultValue={contextId} required maxLength={200} />
            </label>
            <div className="flex flex-wrap gap-2 md:col-span-3">
              {PERSONAS.map((p) => (
                <button key={p.key} type="submit" name="person" value={p.key} className={button}>
                  LTI 1.1 launch as {p.label}
                </button>
              ))}
            </div>
          </form>
        </section>
      )}

      {launch && tool && (
        <section aria-labelledby="tool-heading" className="space-y-2">
          <h2 id="tool-heading" className="text-lg font-semibold">Tool ({launchedAs?.label ?? launch.person}, LTI 1.1)</h2>
          <iframe
            name="lti_tool"
            title={`${tool.name} launched over LTI 1.1 as ${launchedAs?.label ?? launch.person}`}
            src={`/dev/lms/lti11/launch?launch=${launch.id}`}
            className="h-[720px] w-full rounded border border-slate-400 bg-white"
          />
        </section>
      )}

      {tool && (
        <section aria-labelledby="grades-heading">
          <h2 id="grades-heading" className="text-lg font-semibold">Grades received over Basic Outcomes</h2>
          {results.length === 0 ? (
            <p className="mt-1 text-slate-700">No grades yet.</p>
          ) : (
            <table className="mt-2 text-left text-sm">
              <caption className="sr-only">Grades received over LTI 1.1</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-1 pr-4">Link</th>
                  <th scope="col" className="py-1 pr-4">Student</th>
                  <th scope="col" className="py-1 pr-4">Score (0–1)</th>
                  <th scope="col" className="py-1 pr-4">Submitted at</th>
                  <th scope="col" className="py-1 pr-4">SpeedGrader URL</th>
                  <th scope="col" className="py-1">Writes</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.sourcedId} className="border-b border-slate-200">
                    <td className="py-1 pr-4">{links.find((l) => l.id === r.linkId)?.title}</td>
                    <td className="py-1 pr-4">{findPerson(r.userId)?.label ?? r.userId}</td>
                    <td className="py-1 pr-4" data-testid={`lti11-score-${r.userId}`}>{r.score ?? "—"}</td>
                    <td className="py-1 pr-4">{r.submittedAt ?? "—"}</td>
                    <td className="py-1 pr-4 break-all">{r.ltiLaunchUrl ?? "—"}</td>
                    <td className="py-1">{r.writes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form action={setOutcomeFailure} className="mt-4 flex flex-wrap items-end gap-3">
            <input type="hidden" name="consumerKey" value={tool.consumerKey} />
            <input type="hidden" name="contextId" value={contextId} />
            <label className="block">
              Refuse grades with this message (empty: accept)
              <input name="outcomeFailure" className={field} maxLength={300} defaultValue={tool.outcomeFailure ?? ""} />
            </label>
            <button type="submit" className={button}>Save</button>
            {sp.saved === "failure" && <p role="status" className="text-green-800">Saved.</p>}
          </form>
          <p className="mt-2 text-sm text-slate-700">5xx, 429 and lost responses follow the failure settings on the course page.</p>
        </section>
      )}
    </div>
  );
}
