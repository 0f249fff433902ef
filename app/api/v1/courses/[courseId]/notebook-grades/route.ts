import { apiRoute } from "@/lib/api/v1/contract";
import { postNotebookGrades } from "@/lib/api/v1/routes";
import type { GradesCsvRow } from "@/lib/exchange/grades-csv";
import { importNotebookGradeRows, planNotebookGradeRows, type PlannedGrade } from "@/lib/exchange/import-grades";

export const dynamic = "force-dynamic";

const item = (r: PlannedGrade, index: number) => ({
  index,
  assignment: r.assignmentName,
  studentId: r.studentId,
  outcome: r.outcome,
  message: r.message,
  assignmentId: r.assignment?.id ?? null,
  userId: r.student?.userId ?? null,
  score: r.score,
});

/** nbgrader scores as JSON: the same plan and grade path as the grades CSV upload (lib/exchange/import-grades). */
export const POST = apiRoute(postNotebookGrades, async ({ authz, body, req }) => {
  const rows: GradesCsvRow[] = body.grades.map((g, i) => ({
    line: i,
    assignment: g.assignment,
    studentId: g.studentId,
    email: g.email,
    submitted: g.submitted,
    score: g.score,
    maxScore: g.maxScore,
    problem: null,
  }));
  if (body.dryRun) return { sent: 0, items: (await planNotebookGradeRows({ authz, rows })).map(item) };
  const result = await importNotebookGradeRows({ authz, rows, req });
  return { sent: result.sent, items: result.rows.map(item) };
});
