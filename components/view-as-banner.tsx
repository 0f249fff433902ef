import { stopViewAsAction } from "./view-as-action";
import type { Session } from "@/lib/auth/session";

/**
 * Shown on every page while staff view as a student: whose view this is, that nothing done here is saved as theirs,
 * and the way back.
 */
export function ViewAsBanner({ session, courseId }: { session: Session; courseId: string | null }) {
  const name = session.effectiveUser.name ?? "a student";
  return (
    <div role="region" aria-label="Viewing as a student" className="border-b-2 border-violet-800 bg-violet-50">
      <form action={stopViewAsAction} className="mx-auto flex max-w-5xl flex-wrap items-center gap-3 px-4 py-2 text-sm text-violet-950">
        {courseId && <input type="hidden" name="courseId" value={courseId} />}
        <p className="flex-1">
          <strong>Viewing as {name}.</strong> You see what they see; nothing you do here is saved as their work.
        </p>
        <button type="submit" className="rounded bg-violet-800 px-3 py-1 font-medium text-white hover:bg-violet-900">
          Stop viewing
        </button>
      </form>
    </div>
  );
}
