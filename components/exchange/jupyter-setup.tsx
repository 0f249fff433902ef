import Link from "next/link";

/**
 * How to point nbgrader at Lantern's exchange. The nbexchange plugin (pip package `nbexchange`, edina/nbexchange)
 * reads the server from NAAS_BASE_URL (or c.Exchange.base_service_url) and always calls /services/nbexchange/ on
 * it, the course from NAAS_COURSE_ID (or c.Exchange.course_id), and sends NAAS_JWT as its `noteable_auth` cookie —
 * Lantern accepts an exchange-scoped API token there (docs/exchange.md).
 */

const PLUGINS = [
  ["exchange", "Exchange"],
  ["fetch_assignment", "ExchangeFetchAssignment"],
  ["fetch_feedback", "ExchangeFetchFeedback"],
  ["list", "ExchangeList"],
  ["submit", "ExchangeSubmit"],
  ["release_assignment", "ExchangeReleaseAssignment"],
  ["release_feedback", "ExchangeReleaseFeedback"],
  ["collect", "ExchangeCollect"],
] as const;

/** A POSIX shell single-quoted word (course codes may hold spaces, quotes, `&`…). */
const shellWord = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
/** A command-line argument: bare when the shell reads it as one word unchanged (`ps1`), quoted otherwise (`'Problem Set 1'`). */
export const shellArg = (s: string) => (/^[A-Za-z0-9._-]+$/.test(s) ? s : shellWord(s));
/** A Python string literal: JSON's escapes are valid Python for any string. */
const pythonString = (s: string) => JSON.stringify(s);

export function nbgraderConfig(courseCode: string): string {
  return [
    "c = get_config()",
    `c.CourseDirectory.course_id = ${pythonString(courseCode)}`,
    ...PLUGINS.map(([slot, cls]) => `c.ExchangeFactory.${slot} = "nbexchange.plugin.${cls}"`),
  ].join("\n");
}

export function exchangeEnvironment(appUrl: string, courseCode: string): string {
  return [`export NAAS_BASE_URL=${shellWord(appUrl)}`, `export NAAS_COURSE_ID=${shellWord(courseCode)}`, "export NAAS_JWT='<your exchange token>'"].join("\n");
}

function Code({ label, children }: { label: string; children: string }) {
  return (
    <figure className="mt-2">
      <figcaption className="text-sm font-medium">{label}</figcaption>
      <pre tabIndex={0} className="mt-1 max-w-full relative overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-50">
        <code>{children}</code>
      </pre>
    </figure>
  );
}

/** The three steps: install the plugin, configure nbgrader, set the environment (with the token). */
export function JupyterSetup({ appUrl, courseCode, tokenHref }: { appUrl: string; courseCode: string; tokenHref: string }) {
  return (
    <ol className="mt-2 list-decimal space-y-3 pl-6 text-sm">
      <li>
        In your Jupyter environment, install nbgrader&apos;s exchange plugin: <code>pip install nbexchange</code>.
      </li>
      <li>
        Add this to <code>nbgrader_config.py</code> (for example <code>~/.jupyter/nbgrader_config.py</code>):
        <Code label="nbgrader_config.py">{nbgraderConfig(courseCode)}</Code>
      </li>
      <li>
        Set these before starting Jupyter, with your own exchange token from{" "}
        <Link href={tokenHref} className="text-lantern-700 underline">
          Connect Jupyter
        </Link>{" "}
        in place of <code>&lt;your exchange token&gt;</code>:
        <Code label="Environment">{exchangeEnvironment(appUrl, courseCode)}</Code>
      </li>
    </ol>
  );
}
