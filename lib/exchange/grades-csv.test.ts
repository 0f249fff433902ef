import { describe, expect, it } from "vitest";
import { parseGradesCsv, scaledScore } from "./grades-csv";

// The example `nbgrader export` prints in nbgrader's docs ("Exporting grades"), plus the rows that must be refused.
const HEADER = "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score";

describe("parseGradesCsv", () => {
  it("reads nbgrader's export: submitted rows with their score, never-submitted rows marked as such", () => {
    const parsed = parseGradesCsv(
      [
        HEADER,
        "ps1,2015-02-02 17:00:00,2015-02-02 22:58:23.948203,bitdiddle,Bitdiddle,Ben,,1.5,0.0,1.5,9.0",
        "ps1,2015-02-02 17:00:00,,reasoner,Reasoner,Louis,louis@example.edu,0.0,0.0,0.0,9.0",
      ].join("\n"),
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { line: 2, assignment: "ps1", studentId: "bitdiddle", email: "", submitted: true, score: 1.5, maxScore: 9, problem: null },
        { line: 3, assignment: "ps1", studentId: "reasoner", email: "louis@example.edu", submitted: false, score: 0, maxScore: 9, problem: null },
      ],
    });
  });

  it("names each bad row's problem and keeps the others", () => {
    const parsed = parseGradesCsv(
      [
        HEADER,
        "ps1,,2026-01-01 10:00:00,hacker,,,,1e3,0,1e3,9",
        "ps1,,2026-01-01 10:00:00,ben,,,,3,0,3,0",
        ",,2026-01-01 10:00:00,ben,,,,3,0,3,9",
        "ps1,,2026-01-01 10:00:00,,,,,3,0,3,9",
        "ps1,,2026-01-01 10:00:00,ok,,,,3,0,3,9",
        "ps1,,2026-01-01 10:00:00,ok,,,,4,0,4,9",
      ].join("\r\n"),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows.map((r) => r.problem)).toEqual([
      'The score "1e3" is not a number.',
      'The max_score "0" must be a number above 0.',
      "No assignment name.",
      "No student_id.",
      null,
      "ok appears twice for ps1; only the first row is used.",
    ]);
  });

  it("refuses files that are not nbgrader grades with one message", () => {
    expect(parseGradesCsv("")).toEqual({ ok: false, message: expect.stringContaining("empty") });
    expect(parseGradesCsv("Student,ID,Section\nAda,1,A")).toEqual({ ok: false, message: expect.stringContaining("no assignment, student_id, score, max_score columns") });
    expect(parseGradesCsv(HEADER)).toEqual({ ok: false, message: "The file has a header but no grades." });
    expect(parseGradesCsv('assignment,student_id,score,max_score\n"ps1,ben,1,2')).toMatchObject({ ok: false, message: expect.stringContaining("not a readable CSV") });
  });

  it("reads a byte-order mark, upper-case headers and a custom export without a timestamp column", () => {
    const parsed = parseGradesCsv("\uFEFFAssignment,Student_ID,Score,Max_Score\nps2,ben,2,4\n");
    expect(parsed).toMatchObject({ ok: true, rows: [{ assignment: "ps2", studentId: "ben", submitted: true, score: 2, maxScore: 4 }] });
  });
});

describe("scaledScore", () => {
  it("puts nbgrader's score on the assignment's points, to two decimals", () => {
    expect(scaledScore(1.5, 9, 10)).toBe(1.67);
    expect(scaledScore(9, 9, 100)).toBe(100);
    expect(scaledScore(10, 9, 9)).toBe(10);
  });
});
