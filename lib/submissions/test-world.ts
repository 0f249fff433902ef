// Test-only helpers shared by the student-work DB tests and the bench: a course with a graded assignment, people,
// and a way to call route handlers as one of them (Authorization: Bearer, as the LTI iframe fallback does).
import { systemAuthz } from "@/lib/auth/authz";
import { createSession } from "@/lib/auth/session";
import { insertAssignment } from "@/lib/models/assignments";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { updateSessionEffectiveUser } from "@/lib/models/sessions";
import { insertUser } from "@/lib/models/users";
import type { FunctionTest, IoCase } from "@/lib/grading/types";

export const SOLUTION = `def celsius_to_fahrenheit(c):
    return c * 9 / 5 + 32


if __name__ == "__main__":
    value = float(input())
    print(f"{celsius_to_fahrenheit(value):.1f}")
`;
export const STARTER = SOLUTION.replace("return c * 9 / 5 + 32", "return 0");

export const FUNCTION_TESTS: FunctionTest[] = [
  { kind: "assert", name: "test_freezing", code: "def test_freezing():\n    assert celsius_to_fahrenheit(0) == 32", points: 2, message: "0 °C is 32 °F", visibility: "visible" },
  { kind: "call", name: "boiling", function: "celsius_to_fahrenheit", args: "[100]", expected: "212", points: 2, message: "", visibility: "visible" },
  { kind: "assert", name: "test_negative", code: "def test_negative():\n    assert celsius_to_fahrenheit(-40) == -40", points: 2, message: "Secret", visibility: "hidden" },
];
export const IO_CASES: IoCase[] = [
  { name: "prints boiling", stdin: "100\n", expectedStdout: "212.0\n", comparison: "trim", points: 2, message: "", visibility: "visible" },
  { name: "prints body temperature", stdin: "37\n", expectedStdout: "98.6\n", comparison: "trim", points: 2, message: "", visibility: "hidden" },
];

// Route tests mock next/headers to read this token (vi.mock must sit in the test file to be hoisted).
const current = globalThis as unknown as { __lanternTestToken?: string };

export async function person(name: string) {
  const user = await insertUser({ values: { name, email: null, isTestUser: false } });
  const { token, sessionId } = await createSession({ userId: user.id, kind: "test" });
  return { user, token, sessionId };
}

export async function world(
  values: { lockAt?: Date | null; dueAt?: Date | null; gradingTimeLimitMs?: number; functionTests?: FunctionTest[]; ioCases?: IoCase[] } = {},
) {
  const course = await insertCourse({ values: { title: "CS 1", code: null } });
  const assignment = await insertAssignment({
    authz: systemAuthz(),
    courseId: course.id,
    values: {
      title: "Temperature",
      starterFiles: [{ name: "main.py", content: STARTER }],
      points: 10,
      functionTests: FUNCTION_TESTS,
      ioCases: IO_CASES,
      publishedAt: new Date(),
      latePolicy: { kind: "penalty", percentPerDay: 10, maxPercent: 50 },
      ...values,
    },
  });
  const alice = await person("Alice");
  const bob = await person("Bob");
  const teacher = await person("Teacher");
  for (const p of [alice, bob]) await ensureEnrollment({ courseId: course.id, userId: p.user.id, role: "student", source: "manual" });
  await ensureEnrollment({ courseId: course.id, userId: teacher.user.id, role: "instructor", source: "manual" });
  return { course, assignment, alice, bob, teacher };
}

/** Makes staff view the course as a student. */
export async function viewAs(staff: { sessionId: string }, student: { user: { id: string } }) {
  await updateSessionEffectiveUser({ sessionId: staff.sessionId, effectiveUserId: student.user.id });
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as someone (by bearer token) and returns status and JSON. */
export async function call(
  as: { token: string } | null,
  fn: Handler,
  { method = "GET", params = {}, body, raw }: { method?: string; params?: Record<string, string>; body?: unknown; raw?: string } = {},
) {
  current.__lanternTestToken = as?.token ?? "";
  const init: RequestInit = { method, headers: { "content-type": "application/json" } };
  if (raw !== undefined || body !== undefined) init.body = raw ?? JSON.stringify(body);
  const res = await fn(new Request("http://localhost:3000/api/x", init), { params: Promise.resolve(params) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
}
