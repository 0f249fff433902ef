import type { DevLmsSettings } from "@/lib/models/dev-lms-ags";

const field = "mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1";

/** AGS failure injection: 5xx 1 in N calls, 429 with Retry-After 1 in M, lost write responses 1 in K (0 = never). */
export function FaultsForm({
  action,
  settings,
  contextId,
  saved,
}: {
  action: (formData: FormData) => Promise<void>;
  settings: DevLmsSettings;
  contextId: string;
  saved: boolean;
}) {
  return (
    <section aria-labelledby="faults-heading" className="rounded border border-slate-300 bg-white p-4">
      <h2 id="faults-heading" className="text-lg font-semibold">Grade service failures (AGS)</h2>
      <p className="mt-1 text-sm text-slate-700">
        Make the gradebook unreliable on purpose. The same seed replays the same failures. {settings.callCounter} AGS
        calls since the last change.
      </p>
      {saved && <p role="status" className="mt-2 text-green-800">Saved.</p>}
      <form action={action} className="mt-3 grid gap-4 sm:grid-cols-5">
        <input type="hidden" name="contextId" value={contextId} />
        <label className="block">
          Fail 1 in N calls (5xx)
          <input name="failOneIn" type="number" min={0} max={1000} defaultValue={settings.failOneIn} className={field} />
        </label>
        <label className="block">
          Answer 429 1 in N calls
          <input name="rateLimitOneIn" type="number" min={0} max={1000} defaultValue={settings.rateLimitOneIn} className={field} />
        </label>
        <label className="block">
          Lose 1 in N write responses (applied, then 502)
          <input name="lostResponseOneIn" type="number" min={0} max={1000} defaultValue={settings.lostResponseOneIn} className={field} />
        </label>
        <label className="block">
          Retry-After (seconds)
          <input name="retryAfterSeconds" type="number" min={0} max={3600} defaultValue={settings.retryAfterSeconds} className={field} />
        </label>
        <label className="block">
          Seed
          <input name="seed" type="number" min={0} defaultValue={settings.seed} className={field} />
        </label>
        <div className="sm:col-span-5">
          <button type="submit" className="rounded bg-blue-800 px-3 py-1.5 text-white hover:bg-blue-900">Save failure settings</button>
        </div>
      </form>
    </section>
  );
}
