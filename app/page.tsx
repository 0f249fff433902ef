import Link from "next/link";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { testLoginEnabled } from "@/lib/auth/test-login";
import { DemoSignIn } from "./_components/demo-sign-in";

export const dynamic = "force-dynamic";

export default page({ access: { public: true } }, async function LandingPage({ session }) {
  return (
    <Shell title="Programming assignments in your LMS">
      <section className="max-w-2xl">
        <h1 className="text-2xl font-semibold">Programming assignments, right inside your LMS</h1>
        <p className="mt-3 leading-relaxed text-slate-700">
          Lantern is an LTI 1.3 tool for programming courses. Students open an assignment from Canvas, Moodle or
          Brightspace and write, run and submit Python in the browser, without installing anything. Their work is
          saved as they type, graded by your tests on the server, and the grade goes straight to the LMS gradebook.
          Instructors manage assignments, browse submissions and code history, and researchers export de-identified
          coding logs.
        </p>
        <ul className="mt-4 list-disc space-y-1 pl-6 text-slate-700">
          <li>Students: an editor that autosaves even through flaky Wi-Fi, with instant feedback from visible tests.</li>
          <li>Instructors: assignments picked from the LMS, grade overrides, and a clear view of what reached the gradebook.</li>
          <li>Administrators: register LMS platforms with a single URL (LTI Dynamic Registration).</li>
        </ul>
      </section>

      <section className="mt-8 max-w-2xl rounded-lg border border-slate-200 p-4" aria-labelledby="start-heading">
        <h2 id="start-heading" className="text-lg font-semibold">
          Get started
        </h2>
        {session ? (
          <p className="mt-2">
            You are signed in as {session.user.name ?? "a user"}.{" "}
            <Link href="/courses" className="text-lantern-700 underline">
              Go to your courses
            </Link>
            .
          </p>
        ) : (
          <p className="mt-2 text-slate-700">
            Students and instructors reach Lantern through their LMS: open a Lantern assignment or the Lantern link in
            your course.
          </p>
        )}
        {!session && testLoginEnabled() && <DemoSignIn />}
      </section>
    </Shell>
  );
});
