import { demoSignIn } from "../actions";

/** Development only: sign in as one of the demo course's users (the test-only login). */
export function DemoSignIn() {
  return (
    <div className="mt-4 border-t border-slate-200 pt-4">
      <h3 className="font-medium">Try the demo course</h3>
      <p className="mt-1 text-sm text-slate-600">Development mode: sign in as a demo user without an LMS.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <form action={demoSignIn}>
          <input type="hidden" name="who" value="instructor" />
          <button type="submit" className="rounded bg-lantern-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-lantern-600">
            Sign in as the demo instructor
          </button>
        </form>
        <form action={demoSignIn}>
          <input type="hidden" name="who" value="student" />
          <button type="submit" className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
            Sign in as the demo student
          </button>
        </form>
      </div>
      <p className="mt-3 text-sm text-slate-700">
        Or try the real LTI flows in the{" "}
        <a href="/dev/lms" className="text-lantern-700 underline">
          development LMS
        </a>
        : register Lantern, then launch it as an instructor, a student, a TA or a test student.
      </p>
    </div>
  );
}
