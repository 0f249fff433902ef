import type { CourseAuthz } from "@/lib/auth/authz";
import type { RequestLike } from "@/lib/client-address";
import { badRequest } from "@/lib/errors";
import type { Assignment } from "@/lib/models/assignments";
import {
  ensureNotebookSubmission,
  selectGradeableStudents,
  selectNotebookAssignmentsByCode,
  selectNotebookScores,
  type GradeableStudent,
} from "@/lib/models/notebook-grades";
import { overrideGrade } from "@/lib/passback/override";
import { markDuplicates, parseGradesCsv, scaledScore, type GradesCsvRow } from "./grades-csv";

/** What importing one CSV row does: send a score, leave it (same score, no submission), or refuse it (why). */
export type PlannedGrade = {
  line: number;
  assignmentName: string;
  studentId: string;
  outcome: "send" | "unchanged" | "skip" | "problem";
  message: string;
  assignment: { id: string; title: string; points: number } | null;
  student: { userId: string; name: string | null } | null;
  nbgrader: string | null;
  /** The score Lantern will hold, on the assignment's points. */
  score: number | null;
  current: number | null;
};

export type GradesPlan = { ok: true; rows: PlannedGrade[] } | { ok: false; message: string };

function findStudent(students: GradeableStudent[], row: GradesCsvRow): GradeableStudent | null {
  // nbgrader's student_id is the exchange username Lantern gave the student; the email column is the fallback for
  // courses whose nbgrader roster was made by hand.
  const byUsername = students.find((s) => s.username === row.studentId);
  if (byUsername) return byUsername;
  const email = (row.email || (row.studentId.includes("@") ? row.studentId : "")).toLowerCase();
  return (email && students.find((s) => s.email?.toLowerCase() === email)) || null;
}

/** Checks a grades CSV against the course and says what importing it would do, row by row. Changes nothing. */
export async function planNotebookGrades({ authz, csv }: { authz: CourseAuthz; csv: string }): Promise<GradesPlan> {
  const parsed = parseGradesCsv(csv);
  if (!parsed.ok) return parsed;
  return { ok: true, rows: await planNotebookGradeRows({ authz, rows: parsed.rows }) };
}

/** The same check for rows that did not come from a file (the REST API). */
export async function planNotebookGradeRows({ authz, rows: input }: { authz: CourseAuthz; rows: GradesCsvRow[] }): Promise<PlannedGrade[]> {
  const [byCode, students] = await Promise.all([selectNotebookAssignmentsByCode({ authz }), selectGradeableStudents({ authz })]);
  const scores = new Map<string, Map<string, number | null>>();
  const scoresOf = async (a: Assignment) => {
    if (!scores.has(a.id)) scores.set(a.id, await selectNotebookScores({ authz, assignment: a }));
    return scores.get(a.id)!;
  };
  const rows: PlannedGrade[] = [];
  for (const row of markDuplicates(input)) {
    const assignment = byCode.get(row.assignment) ?? null;
    const student = findStudent(students, row);
    const planned: PlannedGrade = {
      line: row.line,
      assignmentName: row.assignment,
      studentId: row.studentId,
      outcome: "problem",
      message: "",
      assignment: assignment && { id: assignment.id, title: assignment.title, points: assignment.points },
      student: student && { userId: student.userId, name: student.name },
      nbgrader: row.score !== null && row.maxScore !== null ? `${row.score} / ${row.maxScore}` : null,
      score: null,
      current: null,
    };
    rows.push(planned);
    if (row.problem) {
      planned.message = row.problem;
    } else if (!assignment) {
      planned.message = `No notebook assignment of this course is called "${row.assignment}" (its nbgrader name).`;
    } else if (!student) {
      planned.message = `No student of this course has the nbgrader id "${row.studentId}"${row.email ? ` or the email ${row.email}` : ""}.`;
    } else if (!row.submitted) {
      planned.outcome = "skip";
      planned.message = "No submission in nbgrader: skipped (Lantern never sends a 0 for work that was not handed in).";
    } else {
      planned.current = (await scoresOf(assignment)).get(student.userId) ?? null;
      planned.score = scaledScore(row.score!, row.maxScore!, assignment.points);
      if (planned.current === planned.score) {
        planned.outcome = "unchanged";
        planned.message = "Lantern already holds this score.";
      } else {
        planned.outcome = "send";
        planned.message = planned.score > assignment.points ? "Extra credit: above the assignment's points." : "";
      }
    }
  }
  return rows;
}

/**
 * Imports a grades CSV: every row the plan would send becomes a staff grade on the student's submission, through
 * the same path as a grade typed on the grading page (grade history, audit entry, and the LMS passback outbox in the
 * grade's transaction: lib/passback/override). The file is planned again here; a preview is never trusted.
 */
export async function importNotebookGrades({
  authz,
  csv,
  source,
  req,
}: {
  authz: CourseAuthz;
  csv: string;
  /** Goes into each grade's history reason ("nbgrader grades CSV grades.csv: 6 / 9"). */
  source: string;
  req?: RequestLike | null;
}): Promise<{ sent: number; rows: PlannedGrade[] }> {
  const plan = await planNotebookGrades({ authz, csv });
  if (!plan.ok) throw badRequest(plan.message, { file: [plan.message] });
  return sendPlannedGrades({ authz, rows: plan.rows, reason: `nbgrader grades CSV ${source}`, req });
}

/** Imports rows that did not come from a file (the REST API), with the same plan and the same grade path. */
export async function importNotebookGradeRows({ authz, rows, req }: { authz: CourseAuthz; rows: GradesCsvRow[]; req?: RequestLike | null }) {
  return sendPlannedGrades({ authz, rows: await planNotebookGradeRows({ authz, rows }), reason: "nbgrader scores via the API", req });
}

async function sendPlannedGrades({ authz, rows, reason, req }: { authz: CourseAuthz; rows: PlannedGrade[]; reason: string; req?: RequestLike | null }) {
  const byCode = await selectNotebookAssignmentsByCode({ authz });
  let sent = 0;
  for (const row of rows) {
    if (row.outcome !== "send" || !row.student || row.score === null) continue;
    const assignment = byCode.get(row.assignmentName)!;
    const submission = await ensureNotebookSubmission({ authz, assignment, studentUserId: row.student.userId });
    await overrideGrade({
      authz,
      assignment,
      unsafeSubmissionId: submission.id,
      grade: { kind: "override", score: row.score, reason: `${reason}: ${row.nbgrader}`.slice(0, 500), extraCredit: row.score > assignment.points },
      req,
    });
    sent += 1;
  }
  return { sent, rows };
}
