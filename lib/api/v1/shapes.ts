import type { Assignment } from "@/lib/models/assignments";
import type { CourseSubmission } from "@/lib/models/course-submissions";
import type { Course } from "@/lib/models/courses";
import type { SyncRow } from "@/lib/models/grade-sync";
import type { CourseRole } from "@/lib/auth/roles";

// Row → API shape. The response schemas (schemas.ts) then drop anything not declared.
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function courseShape(course: Course, role: CourseRole) {
  return { id: course.id, title: course.title, code: course.code, timeZone: course.timeZone, role };
}

export function assignmentShape(a: Assignment) {
  return {
    id: a.id,
    courseId: a.courseId,
    title: a.title,
    points: a.points,
    published: a.publishedAt !== null,
    opensAt: iso(a.opensAt),
    dueAt: iso(a.dueAt),
    lockAt: iso(a.lockAt),
    gradedBy: a.gradedBy,
  };
}

export function submissionShape(s: CourseSubmission) {
  return {
    id: s.id,
    assignmentId: s.assignmentId,
    userId: s.userId,
    studentName: s.studentName,
    status: s.status,
    version: s.currentVersion,
    attempts: s.attempts,
    score: s.score,
    overridden: s.overriddenAt !== null,
    late: s.late,
    submittedAt: iso(s.submittedAt),
    gradedAt: iso(s.gradedAt),
  };
}

export function gradeShape(s: CourseSubmission, maxScore: number) {
  return { submissionId: s.id, userId: s.userId, score: s.score, maxScore, overridden: s.overriddenAt !== null, gradedAt: iso(s.gradedAt) };
}

export function gradeSyncShape(r: SyncRow) {
  const { state } = r;
  const detail = state.kind === "waiting" || state.kind === "failed" ? state.reason : state.kind === "pending" ? state.reason : null;
  const at = state.kind === "delivered" || state.kind === "failed" ? state.at : state.kind === "pending" ? state.nextAttemptAt : null;
  return { userId: r.userId, submissionId: r.submissionId, score: r.score, state: state.kind, detail, at: iso(at) };
}
