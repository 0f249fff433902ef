import { AssignmentChoices } from "@/components/assignment-choices";
import { PointsInput } from "@/components/points-input";
import { Shell } from "@/components/shell";
import { z } from "zod";
import { page } from "@/lib/auth/page";
import { openDeepLinkRequest, pickerAssignments } from "@/lib/lti/deep-link-picker";
import { withLaunchToken } from "@/lib/lti/launch-token";
import { LaunchTokenBridge } from "../../_components/launch-token-bridge";

export const dynamic = "force-dynamic";

/** Deep Linking picker: staff choose existing assignments or create one; the LMS gets a gradebook column for each. */
export default page(
  {
    access: { user: true },
    params: z.object({ token: z.string() }),
    searchParams: z.object({ lt: z.string().optional().catch(undefined) }),
  },
  async function DeepLinkPickerPage({ session, params: { token }, searchParams: { lt } }) {
    const { request, authz } = await openDeepLinkRequest({ unsafeToken: token, session });
    const assignments = await pickerAssignments(authz);
    const action = withLaunchToken(`/lti/deep-link/${token}/respond`, lt);
    const inputType = request.acceptMultiple ? "checkbox" : "radio";

    return (
      <Shell crumbs={[{ label: authz.course.title }, { label: "Add Lantern content" }]}>
        <LaunchTokenBridge />
        <h1 className="text-xl font-semibold">Add Lantern content to {authz.course.title}</h1>
        <form method="post" action={action} className="mt-4">
          <fieldset>
            <legend className="text-base font-semibold">Link an existing assignment</legend>
            {assignments.length === 0 ? (
              <p className="mt-2 text-slate-700">This course has no assignments yet. Create one below.</p>
            ) : (
              <AssignmentChoices assignments={assignments} type={inputType} />
            )}
          </fieldset>
          {assignments.length > 0 && (
            <button type="submit" name="intent" value="pick" className="mt-3 rounded bg-lantern-700 px-4 py-2 text-white">
              Add selected
            </button>
          )}
        </form>
        <form method="post" action={action} className="mt-8">
          <fieldset className="space-y-2">
            <legend className="text-base font-semibold">Or create a new assignment</legend>
            <label className="block">
              <span className="text-sm">Title</span>
              <input name="title" required maxLength={200} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" />
            </label>
            <PointsInput id="new-points" name="points" label="Points" defaultValue="10" required native />
          </fieldset>
          <button type="submit" name="intent" value="create" className="mt-3 rounded bg-lantern-700 px-4 py-2 text-white">
            Create and add
          </button>
        </form>
        <form method="post" action={action} className="mt-8">
          <button type="submit" name="intent" value="cancel" className="rounded border border-slate-300 px-4 py-2">
            Cancel
          </button>
        </form>
      </Shell>
    );
  },
);
