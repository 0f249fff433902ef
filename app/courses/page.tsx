import Link from "next/link";
import { Shell } from "@/components/shell";
import { page } from "@/lib/auth/page";
import { selectCoursesForUser } from "@/lib/models/courses";

export const dynamic = "force-dynamic";

const ROLE_LABEL = { instructor: "Instructor", ta: "Teaching assistant", designer: "Designer", mentor: "Mentor", student: "Student" };

export default page({ access: { user: true } }, async function CoursesPage({ session }) {
  const courses = await selectCoursesForUser({ userId: session.effectiveUser.id });
  return (
    <Shell crumbs={[{ label: "Courses" }]}>
      <h1 className="text-xl font-semibold">Your courses</h1>
      {courses.length === 0 ? (
        <p className="mt-3 text-slate-700">
          You are not enrolled in any course yet. Open Lantern from your LMS course to join it.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200">
          {courses.map(({ course, role }) => (
            <li key={course.id} className="flex items-center justify-between gap-4 px-4 py-3">
              <Link href={`/courses/${course.id}`} className="font-medium text-lantern-700 hover:underline">
                {course.title}
              </Link>
              <span className="text-sm text-slate-600">
                {course.code ? `${course.code} · ` : ""}
                {ROLE_LABEL[role]}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
});
