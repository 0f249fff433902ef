import type { Metadata } from "next";
import Link from "next/link";
import Script from "next/script";
import { selectDevLmsLineItems, selectDevLmsSettings } from "@/lib/models/dev-lms-ags";
import { selectDevLmsResourceLinks, selectDevLmsTools, selectOptionalDevLmsLaunch } from "@/lib/models/dev-lms";
import { selectDevLmsLti11Tools } from "@/lib/models/dev-lms-lti11";
import { contextInfo } from "@/lib/dev-lms/context";
import { PERSONAS, findPerson } from "@/lib/dev-lms/people";
import { DEFAULT_CONTEXT_ID, requireDevLmsPage, STORAGE_FRAME_NAME } from "@/lib/dev-lms/platform";
import { frameMessagesScript } from "@/lib/dev-lms/frame-messages-script";
import { storageScript, toolOrigins } from "@/lib/dev-lms/storage-script";
import { launchTool, saveFaults } from "./actions";
import { FaultsForm } from "./_components/faults-form";

export const dynamic = "force-dynamic";
// The layout's title template applies to child segments only, so this page names itself in full.
export const metadata: Metadata = { title: { absolute: "Course · Dev LMS" } };

type Search = Promise<{ context?: string; tool?: string; launch?: string; saved?: string }>;

const KINDS = [
  ["resource_link", "Assignment link (resource link)"],
  ["course_navigation", "Course navigation"],
  ["deep_linking", "Add content (Deep Linking)"],
] as const;

const field = "mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1";

/** The dev LMS course page: launch the tool as any persona, see links and grade columns, set failure injection. */
export default async function DevLmsCoursePage({ searchParams }: { searchParams: Search }) {
  requireDevLmsPage();
  const sp = await searchParams;
  const contextId = (sp.context ?? DEFAULT_CONTEXT_ID).slice(0, 200);
  const context = contextInfo(contextId);
  const tools = await selectDevLmsTools();
  const tool = tools.find((t) => t.clientId === sp.tool) ?? tools[0];
  const launch = sp.launch ? await selectOptionalDevLmsLaunch({ unsafeLaunchId: sp.launch }) : null;
  const links = tool ? await selectDevLmsResourceLinks({ clientId: tool.clientId, contextId }) : [];
  const items = tool
    ? await selectDevLmsLineItems({ scope: { clientId: tool.clientId, contextId }, filters: {}, limit: 200, offset: 0 })
    : [];
  const settings = await selectDevLmsSettings();
  const lti11Tools = await selectDevLmsLti11Tools();
  const launchedAs = launch ? findPerson(launch.person) : null;

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-700">{context.label}</p>
        <h1 className="text-2xl font-semibold">{context.title}</h1>
      </div>

      {!tool ? (
        <section aria-labelledby="no-tool" className="rounded border border-amber-400 bg-amber-50 p-4">
          <h2 id="no-tool" className="font-semibold">No tool is registered yet</h2>
          <p className="mt-1">
            Register Lantern first on the <Link className="underline" href="/dev/lms/tools">tools page</Link> (Dynamic
            Registration takes one click).
          </p>
        </section>
      ) : (
        <section aria-labelledby="launch-heading" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="launch-heading" className="text-lg font-semibold">Launch {tool.name}</h2>
          <form action={launchTool} className="mt-3 grid gap-4 md:grid-cols-2">
            <input type="hidden" name="clientId" value={tool.clientId} />
            <label className="block">
              Launch type
              <select name="kind" className={field} defaultValue="resource_link">
                {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
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
            {lti11Tools.length > 0 && (
              <label className="block">
                Continue an LTI 1.1 tool (migration claim)
                <select name="lti11ConsumerKey" className={field} defaultValue="">
                  <option value="">No</option>
                  {lti11Tools.map((t) => <option key={t.consumerKey} value={t.consumerKey}>{t.name} (key {t.consumerKey})</option>)}
                </select>
              </label>
            )}
            <fieldset className="space-y-1">
              <legend>Options</legend>
              <label className="flex items-center gap-2"><input type="checkbox" name="platformStorage" /> Offer platform storage (lti_storage_target)</label>
              <label className="flex items-center gap-2"><input type="checkbox" name="acceptMultiple" defaultChecked /> Deep Linking: accept several items</label>
            </fieldset>
            <div className="flex flex-wrap gap-2 md:col-span-2">
              {PERSONAS.map((p) => (
                <button key={p.key} type="submit" name="person" value={p.key} className="rounded bg-blue-800 px-3 py-1.5 text-white hover:bg-blue-900">
                  Launch as {p.label}
                </button>
              ))}
            </div>
          </form>
        </section>
      )}

      {launch && (
        <section aria-labelledby="tool-heading" className="space-y-2">
          <h2 id="tool-heading" className="text-lg font-semibold">
            Tool ({launchedAs?.label ?? launch.person}, {KINDS.find(([k]) => k === launch.kind)?.[1]})
          </h2>
          <iframe
            name="lti_tool"
            title={`${tool?.name ?? "Tool"} launched as ${launchedAs?.label ?? launch.person}`}
            src={`/dev/lms/launch?launch=${launch.id}`}
            className="h-[720px] w-full rounded border border-slate-400 bg-white"
            allow="clipboard-write"
          />
          {/* Platform storage (lti-pm-storage): the tool posts put_data/get_data to this sibling frame by name. */}
          <iframe name={STORAGE_FRAME_NAME} title="Platform storage (hidden)" src="/dev/lms/storage" hidden />
          {/* next/script, not <script>: the launch form's redirect renders this page on the client, where React
              never runs a <script> element (and logs an error saying so). */}
          <Script id="dev-lms-platform-capabilities" strategy="afterInteractive">
            {storageScript({ allowedOrigins: toolOrigins(tools), storage: false })}
          </Script>
          <Script id="dev-lms-frame-messages" strategy="afterInteractive">
            {frameMessagesScript({ allowedOrigins: toolOrigins(tools), frameName: "lti_tool" })}
          </Script>
        </section>
      )}

      <section aria-labelledby="links-heading">
        <h2 id="links-heading" className="text-lg font-semibold">Links and grade columns in this course</h2>
        {items.length === 0 && links.length === 0 ? (
          <p className="mt-1 text-slate-700">Nothing yet: launch an assignment link or add content with Deep Linking.</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-6">
            {links.map((l) => {
              const item = items.find((i) => i.resourceLinkId === l.id);
              return (
                <li key={l.id}>
                  {l.title} {item ? `(${item.scoreMaximum} points)` : "(not graded)"}
                  {l.dueAt && <span className="text-slate-700">, due {l.dueAt.toISOString()}</span>}
                </li>
              );
            })}
            {items.filter((i) => !links.some((l) => l.id === i.resourceLinkId)).map((i) => (
              <li key={i.id}>Grade column created by the tool: {i.label} ({i.scoreMaximum} points)</li>
            ))}
          </ul>
        )}
        <p className="mt-2">
          <Link className="underline" href={`/dev/lms/gradebook?context=${encodeURIComponent(contextId)}`}>Open the gradebook</Link>
        </p>
      </section>

      <FaultsForm action={saveFaults} settings={settings} contextId={contextId} saved={sp.saved === "faults"} />
    </div>
  );
}
