import { db, schema } from "@/db";
import type { SystemAuthz } from "@/lib/auth/authz";
import { ensureEnrollment } from "./enrollments";
import { ensureTestLoginUser } from "./users";

/**
 * Test-only seeding (behind the test login): an enrolled student with a graded submission, as if they had worked and
 * been graded, so e2e tests of staff pages start from real rows.
 */
export async function insertGradedStudentForTests(
  _authz: SystemAuthz,
  { courseId, assignmentId, key, name, score }: { courseId: string; assignmentId: string; key: string; name?: string; score: number },
) {
  const user = await ensureTestLoginUser({ key, name });
  await ensureEnrollment({ courseId, userId: user.id, role: "student", source: "manual" });
  const [submission] = await db()
    .insert(schema.submissions)
    .values({ courseId, assignmentId, userId: user.id, status: "graded", score, gradedAt: new Date(), submittedAt: new Date() })
    .returning();
  return { userId: user.id, submissionId: submission.id };
}
