import Link from "next/link";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { toolUrls } from "@/lib/lti/tool-config";
import { selectLti11CourseMoves } from "@/lib/models/lti11-migration";

export const dynamic = "force-dynamic";

/**
 * For admins: how to move courses from an LTI 1.1 consumer key to an LTI 1.3 registration, what carries over, and
 * which 1.1 courses have already been opened over 1.3 (lib/lti11/migration.ts matches them by the signed lti1p1
 * claim of the 1EdTech LTI 1.1 Migration spec).
 */
export default page({ access: { siteRoles: ["admin"] } }, async ({ authz }) => {
  const moves = await selectLti11CourseMoves(authz);
  const urls = toolUrls();
  const done = moves.filter((m) => m.lti13Platforms.length > 0).length;
  return (
    <Shell crumbs={[{ href: "/admin", label: "Admin" }, { label: "Move LTI 1.1 courses to LTI 1.3" }]}>
      <h1 className="text-2xl font-semibold">Move LTI 1.1 courses to LTI 1.3</h1>
      <p className="mt-2 max-w-3xl">
        Courses that launch Lantern with an LTI 1.1 consumer key keep working. Moving them to LTI 1.3 adds grade passback
        through AGS, roster sync and Deep Linking. Nothing is lost: once the LMS sends LTI 1.3 launches for a course,
        Lantern opens the same course, the same people and the same assignments.
      </p>

      <section aria-labelledby="steps" className="mt-6 max-w-3xl">
        <h2 id="steps" className="text-lg font-semibold">Steps</h2>
        <ol className="mt-2 list-decimal space-y-2 pl-6">
          <li>
            Register the LMS for LTI 1.3 (Dynamic Registration at <code>{urls.register}</code>, Canvas&apos;s developer-key
            JSON at <code>{urls.canvasJson}</code>, or <code>npm run lti:register</code>).
          </li>
          <li>
            In the LMS, tell the LTI 1.3 tool which LTI 1.1 tool it replaces, so that its launches carry the LTI 1.1
            migration claim, signed with the 1.1 shared secret. Canvas signs it when the 1.3 tool is installed where
            the 1.1 tool is (same course or account) with the same domain; for other LMSs look for “LTI 1.1
            migration” in their LTI 1.3 settings.
          </li>
          <li>Install the LTI 1.3 tool in the course, then launch Lantern once from the course as an instructor.</li>
          <li>Check the course below: it shows the LTI 1.3 registration once a 1.3 launch has opened it.</li>
          <li>
            When every course has moved, deactivate the consumer key (<code>npm run lti:register -- --lti11 --key KEY
            --deactivate</code>). Grades of work submitted over LTI 1.1 keep going back through Basic Outcomes until then.
          </li>
        </ol>
      </section>

      <section aria-labelledby="carries" className="mt-6 max-w-3xl">
        <h2 id="carries" className="text-lg font-semibold">What carries over</h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>People: a 1.3 launch naming the person&apos;s LTI 1.1 user id opens their existing Lantern account, with their work and grades.</li>
          <li>Courses: the LMS keeps the course&apos;s context id, so the 1.3 launch opens the same Lantern course.</li>
          <li>Assignments: links keep their id (or the LMS sends the old one), so each opens the assignment it was connected to.</li>
          <li>
            If the migration claim is signed with a different secret than the consumer key has in Lantern, the launch is
            refused with reason <code>migration_sign_invalid</code> instead of creating duplicate people and courses.
          </li>
        </ul>
      </section>

      <section aria-labelledby="courses" className="mt-6">
        <h2 id="courses" className="text-lg font-semibold">Courses launched over LTI 1.1</h2>
        {moves.length === 0 ? (
          <p className="mt-1 text-slate-700">No course has been launched with an LTI 1.1 consumer key yet.</p>
        ) : (
          <>
            <p className="mt-1">{done} of {moves.length} moved to LTI 1.3.</p>
            <div className="mt-2 relative overflow-x-auto" tabIndex={0} role="region" aria-label="Courses launched over LTI 1.1">
              <table className="text-left text-sm">
                <caption className="sr-only">Courses launched over LTI 1.1</caption>
                <thead>
                  <tr className="border-b border-slate-300">
                    <th scope="col" className="py-1 pr-6">Consumer key</th>
                    <th scope="col" className="py-1 pr-6">Course</th>
                    <th scope="col" className="py-1 pr-6">LMS context id</th>
                    <th scope="col" className="py-1">LTI 1.3</th>
                  </tr>
                </thead>
                <tbody>
                  {moves.map((m) => (
                    <tr key={`${m.consumerKey}-${m.contextId}`} className="border-b border-slate-200">
                      <td className="py-1 pr-6">{m.consumerKey}</td>
                      <td className="py-1 pr-6"><Link className="text-lantern-700 underline" href={`/courses/${m.courseId}`}>{m.courseTitle}</Link></td>
                      <td className="py-1 pr-6"><code>{m.contextId}</code></td>
                      <td className="py-1">{m.lti13Platforms.length > 0 ? `Moved (${m.lti13Platforms.join(", ")})` : "Not yet"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </Shell>
  );
});
