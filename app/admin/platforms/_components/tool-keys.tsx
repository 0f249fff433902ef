import { selectToolKeys } from "@/lib/lti/tool-keys";
import { rotateToolKeyAction } from "../actions";
import { ActionButton } from "../../_components/action-button";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** Lantern's signing keys (one for every platform) with the grace period of retired ones, and key rotation. */
export async function ToolKeys() {
  const keys = await selectToolKeys();
  return (
    <section aria-labelledby="keys-heading" className="mt-8">
      <h2 id="keys-heading" className="text-lg font-semibold">Tool signing keys</h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        Lantern signs its requests to every platform with one key, published at the keyset URL. After a rotation the
        previous key stays published for 7 days, so platforms that cached it keep verifying.
      </p>
      {keys.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No key yet: one is made at the first launch.</p>
      ) : (
        <table className="mt-2 text-left text-sm">
          <caption className="sr-only">Tool signing keys</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-1 pr-6">Key id</th>
              <th scope="col" className="py-1 pr-6">Created</th>
              <th scope="col" className="py-1">State</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.kid} className="border-b border-slate-200">
                <td className="py-1 pr-6 font-mono">{k.kid.slice(0, 8)}…</td>
                <td className="py-1 pr-6">{when(k.createdAt)}</td>
                <td className="py-1">{k.current ? "current" : k.expiresAt ? `retired, published until ${when(k.expiresAt)}` : "retired"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="mt-3">
        <ActionButton action={rotateToolKeyAction} fields={{}} label="Rotate the signing key" />
      </div>
    </section>
  );
}
