import { z } from "zod";
import { ALL_ROLES, STAFF_ROLES } from "@/lib/auth/roles";
import { contract } from "./contract";
import * as s from "./schemas";

/** Every /api/v1 operation (the OpenAPI document lists exactly these; a test checks each has its route file). */
const courseParams = z.object({ courseId: z.uuid() });
const assignmentParams = courseParams.extend({ assignmentId: z.uuid() });
const submissionParams = courseParams.extend({ submissionId: z.uuid() });
const members = { courseRoles: ALL_ROLES };
const staff = { courseRoles: STAFF_ROLES };

export const listCourses = contract({
  method: "get",
  path: "/courses",
  operationId: "listCourses",
  summary: "Courses you are enrolled in, with your role",
  who: "any signed-in user",
  tag: "Courses",
  access: { user: true },
  scope: "read",
  query: s.pageQuery,
  response: s.pageOf(s.course),
});

export const getCourse = contract({
  method: "get",
  path: "/courses/{courseId}",
  operationId: "getCourse",
  summary: "One course",
  who: "members of the course (site admins count as instructors)",
  tag: "Courses",
  access: members,
  scope: "read",
  params: courseParams,
  response: s.course,
});

export const listAssignments = contract({
  method: "get",
  path: "/courses/{courseId}/assignments",
  operationId: "listAssignments",
  summary: "The course's assignments (students see published ones only)",
  who: "members of the course",
  tag: "Assignments",
  access: members,
  scope: "read",
  params: courseParams,
  response: z.object({ items: z.array(s.assignment) }),
});

export const listMembers = contract({
  method: "get",
  path: "/courses/{courseId}/members",
  operationId: "listMembers",
  summary: "The course roster",
  who: "course staff (instructors, TAs, designers)",
  tag: "Members",
  access: staff,
  scope: "read",
  params: courseParams,
  query: s.pageQuery.extend({ offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }).omit({ cursor: true }),
  response: z.object({ items: z.array(s.member), total: z.number().int() }),
});

export const listSubmissions = contract({
  method: "get",
  path: "/courses/{courseId}/assignments/{assignmentId}/submissions",
  operationId: "listSubmissions",
  summary: "Submissions to an assignment (a student sees only their own)",
  who: "members of the course",
  tag: "Submissions",
  access: members,
  scope: "read",
  params: assignmentParams,
  query: s.pageQuery,
  response: s.pageOf(s.submission),
});

export const getSubmission = contract({
  method: "get",
  path: "/courses/{courseId}/submissions/{submissionId}",
  operationId: "getSubmission",
  summary: "One submission with its current files",
  who: "course staff, or the student whose submission it is",
  tag: "Submissions",
  access: members,
  scope: "read",
  params: submissionParams,
  response: s.submissionWithFiles,
});

export const listVersions = contract({
  method: "get",
  path: "/courses/{courseId}/submissions/{submissionId}/versions",
  operationId: "listVersions",
  summary: "A submission's saved versions, newest first",
  who: "course staff, or the student whose submission it is",
  tag: "Submissions",
  access: members,
  scope: "read",
  params: submissionParams,
  response: z.object({ items: z.array(s.version) }),
});

export const getVersion = contract({
  method: "get",
  path: "/courses/{courseId}/submissions/{submissionId}/versions/{version}",
  operationId: "getVersion",
  summary: "The files of one saved version",
  who: "course staff, or the student whose submission it is",
  tag: "Submissions",
  access: members,
  scope: "read",
  params: submissionParams.extend({ version: z.coerce.number().int().min(1).max(2_147_483_647) }),
  response: s.versionFiles,
});

export const listGrades = contract({
  method: "get",
  path: "/courses/{courseId}/assignments/{assignmentId}/grades",
  operationId: "listGrades",
  summary: "Counting grades for an assignment (a student sees only their own)",
  who: "members of the course",
  tag: "Grades",
  access: members,
  scope: "read",
  params: assignmentParams,
  query: s.pageQuery,
  response: s.pageOf(s.grade),
});

export const putGrade = contract({
  method: "put",
  path: "/courses/{courseId}/submissions/{submissionId}/grade",
  operationId: "putGrade",
  summary: "Set a submission's score (a staff override; it reaches the LMS through the passback outbox)",
  who: "course staff",
  tag: "Grades",
  access: staff,
  scope: "grades:write",
  params: submissionParams,
  body: s.gradeInput,
  response: s.gradeWritten,
});

export const listGradeSync = contract({
  method: "get",
  path: "/courses/{courseId}/assignments/{assignmentId}/grade-sync",
  operationId: "listGradeSync",
  summary: "Where each student's grade stands on its way to the LMS",
  who: "course staff",
  tag: "Grades",
  access: staff,
  scope: "read",
  params: assignmentParams,
  response: z.object({ items: z.array(s.gradeSync) }),
});

export const postNotebookGrades = contract({
  method: "post",
  path: "/courses/{courseId}/notebook-grades",
  operationId: "postNotebookGrades",
  summary: "Send nbgrader scores for notebook assignments (each new score reaches the LMS through the passback outbox)",
  who: "course staff",
  tag: "Grades",
  access: staff,
  scope: "grades:write",
  params: courseParams,
  body: s.notebookGradesInput,
  response: s.notebookGradesResult,
});

export const API_V1 = [
  listCourses,
  getCourse,
  listAssignments,
  listMembers,
  listSubmissions,
  getSubmission,
  listVersions,
  getVersion,
  listGrades,
  putGrade,
  listGradeSync,
  postNotebookGrades,
] as const;
