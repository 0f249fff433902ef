import type { CourseAuthz } from "@/lib/auth/authz";
import { insertAssignment, type Assignment } from "@/lib/models/assignments";

/**
 * An assignment created from inside the LMS (Deep Linking picker, connecting an LMS link): published at once — the
 * LMS decides when students see the link — with one empty main.py so students can start. It has no tests yet, so it
 * is graded by staff until someone adds tests in the editor: the LMS never receives a silent 0.
 */
export function insertAssignmentFromLms({ authz, title, points }: { authz: CourseAuthz; title: string; points: number }): Promise<Assignment> {
  return insertAssignment({
    authz,
    courseId: authz.course.id,
    values: { title, points, publishedAt: new Date(), gradedBy: "staff", starterFiles: [{ name: "main.py", content: "" }] },
  });
}
