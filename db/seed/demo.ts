import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { assignmentGroups, assignments, courses, enrollments, users, type FunctionTest, type IoCase } from "../schema";

// Fixed ids make the seed idempotent: every insert is ON CONFLICT DO NOTHING, so restarts change nothing and
// edits a newcomer makes to the demo course survive.
export const DEMO = {
  courseId: "00000000-0000-4000-8000-00000000c001",
  groupId: "00000000-0000-4000-8000-00000000a001",
  assignmentId: "00000000-0000-4000-8000-00000000a101",
  instructorId: "00000000-0000-4000-8000-00000000e001",
  studentId: "00000000-0000-4000-8000-00000000e002",
} as const;

const INSTRUCTIONS = `# Temperature converter

Write a function \`celsius_to_fahrenheit(c)\` that returns the temperature \`c\` (in °C) converted to °F.

- Use the formula **F = C × 9 / 5 + 32**.
- Then read a number from the input and print the converted value with one decimal place.

Example: the input \`100\` prints \`212.0\`.

Need a refresher? See the [Python tutorial on numbers](https://docs.python.org/3/tutorial/introduction.html#numbers).
`;

const STARTER = `def celsius_to_fahrenheit(c):
    # Replace this line with your formula.
    return 0


if __name__ == "__main__":
    value = float(input())
    print(f"{celsius_to_fahrenheit(value):.1f}")
`;

const FUNCTION_TESTS: FunctionTest[] = [
  {
    kind: "assert",
    name: "test_freezing",
    code: "def test_freezing():\n    assert celsius_to_fahrenheit(0) == 32, f'got {celsius_to_fahrenheit(0)}'",
    points: 3,
    message: "0 °C should be 32 °F.",
    visibility: "visible",
  },
  {
    kind: "call",
    name: "boiling point",
    function: "celsius_to_fahrenheit",
    args: "[100]",
    expected: "212",
    points: 3,
    message: "100 °C should be 212 °F.",
    visibility: "visible",
  },
  {
    kind: "assert",
    name: "test_crossover",
    code: "def test_crossover():\n    assert celsius_to_fahrenheit(-40) == -40",
    points: 2,
    message: "Check negative temperatures.",
    visibility: "hidden",
  },
];

const IO_CASES: IoCase[] = [
  { name: "prints 100 °C", stdin: "100\n", expectedStdout: "212.0\n", comparison: "trim", points: 1, message: "Print one decimal place, e.g. 212.0.", visibility: "visible" },
  { name: "prints body temperature", stdin: "37\n", expectedStdout: "98.6\n", comparison: "trim", points: 1, message: "", visibility: "hidden" },
];

/** Creates the demo course, its users and a sample Python assignment, once. Returns true if anything was new. */
export async function seedDemo(db: Database): Promise<boolean> {
  const created = await db
    .insert(courses)
    .values({ id: DEMO.courseId, title: "Introduction to Programming (demo)", code: "DEMO 101" })
    .onConflictDoNothing()
    .returning({ id: courses.id });
  await db
    .insert(users)
    .values([
      { id: DEMO.instructorId, name: "Ada Instructor", email: "ada@example.edu", testLoginKey: "demo-instructor" },
      { id: DEMO.studentId, name: "Sam Student", email: "sam@example.edu", testLoginKey: "demo-student" },
    ])
    .onConflictDoNothing();
  await db
    .insert(enrollments)
    .values([
      { courseId: DEMO.courseId, userId: DEMO.instructorId, role: "instructor", source: "seed" },
      { courseId: DEMO.courseId, userId: DEMO.studentId, role: "student", source: "seed" },
    ])
    .onConflictDoNothing();
  await db
    .insert(assignmentGroups)
    .values({ id: DEMO.groupId, courseId: DEMO.courseId, title: "Week 1: Expressions", position: 1 })
    .onConflictDoNothing();
  await db
    .insert(assignments)
    .values({
      id: DEMO.assignmentId,
      courseId: DEMO.courseId,
      groupId: DEMO.groupId,
      title: "Temperature converter",
      instructions: INSTRUCTIONS,
      starterFiles: [{ name: "main.py", content: STARTER }],
      points: 10,
      dueAt: sql`now() + interval '14 days'`,
      latePolicy: { kind: "penalty", percentPerDay: 10, maxPercent: 50 },
      functionTests: FUNCTION_TESTS,
      ioCases: IO_CASES,
      publishedAt: new Date(),
    })
    .onConflictDoNothing();
  return created.length > 0;
}
