// Not a *.db.test.ts on purpose: the sandbox does not depend on the database driver, so this suite runs once (PGlite), not per driver.
// The escape suite: hostile submissions, each graded by the real grader (fresh sandboxed process per submission)
// through the same path as a student's submit. Each asserts the grade, the stored feedback (nothing of the host,
// of the hidden tests or of another student), that the grader keeps working, and the next student's grade.
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { withTestDatabase } from "@/db/testing/test-database";
import { requireCourseRole } from "@/lib/auth/authz";
import { ALL_ROLES } from "@/lib/auth/roles";
import { resolveSessionToken } from "@/lib/auth/session";
import { selectOptionalLatestGradingRun } from "@/lib/models/grades";
import { MAX_GRADING_ATTEMPTS, submitSubmission } from "@/lib/models/grading-jobs";
import { ensureOwnSubmission, selectOwnSubmission } from "@/lib/models/submissions";
import { loadStudentWork } from "@/lib/submissions/work";
import { SOLUTION, STARTER, world } from "@/lib/submissions/test-world";
import { runGradingJob } from "./grade";
import { SandboxPool } from "./sandbox";

withTestDatabase();
const pool = new SandboxPool({ size: 1 });
const CANARY = `canary${randomBytes(8).toString("hex")}`;
const HOST_FILE = path.join(process.cwd(), `.escape-canary-${process.pid}`);
let w: Awaited<ReturnType<typeof world>>;

beforeAll(async () => {
  // Secrets the student's code must never see: one in the grader's environment, one in a file of the host repo.
  process.env.LANTERN_ESCAPE_CANARY = CANARY;
  writeFileSync(HOST_FILE, CANARY);
  await pool.warm();
  w = await world({ gradingTimeLimitMs: 4000 });
}, 180_000);
afterAll(async () => {
  delete process.env.LANTERN_ESCAPE_CANARY;
  rmSync(HOST_FILE, { force: true });
  await pool.close();
});

async function as(person: { token: string }, at = w) {
  const session = (await resolveSessionToken(person.token, "header"))!;
  const authz = await requireCourseRole({ unsafeCourseId: at.course.id, roles: ALL_ROLES, session });
  const submission = await ensureOwnSubmission({ authz, assignment: at.assignment });
  return { session, authz, submission };
}

/** Submits `code` as `who` and grades it (retrying crashes as the queue would); returns grade and feedback. */
async function grade(code: string, who = w.alice, at = w) {
  const s = await as(who, at);
  const { job } = await submitSubmission({ authz: s.authz, assignment: at.assignment, submission: s.submission, files: [{ name: "main.py", content: code }], clientSavedAt: null });
  for (let attempt = 0; attempt <= MAX_GRADING_ATTEMPTS; attempt++) {
    const { outcome } = await runGradingJob({ jobId: job.id, pool });
    if (outcome !== "retrying") break;
    await db().execute(sql`update grading_jobs set run_after = now() where id = ${job.id}`);
  }
  const submission = await selectOwnSubmission({ session: s.session, unsafeSubmissionId: s.submission.id });
  const run = await selectOptionalLatestGradingRun({ submission });
  const work = await loadStudentWork({ assignment: at.assignment, submission });
  // What a student can see, and every message the grader stored (hidden tests' names are staff data, not feedback).
  const stored = run ? [run.failure, ...run.results.flatMap((r) => [r.message, r.detail])] : [];
  return { submission, run, work, feedback: JSON.stringify({ work, stored }) };
}

/** After every attack: nothing left running, and the next students get their honest grades. */
async function expectHealthyNext() {
  expect((await grade(SOLUTION, w.bob)).submission).toMatchObject({ status: "graded", score: 10 });
  expect((await grade(STARTER, w.bob)).submission).toMatchObject({ status: "graded", score: 0 });
  // The spare student process, the spare tests interpreter and one idle tests interpreter for this course.
  expect(pool.processCount).toBeLessThanOrEqual(3);
}

function expectNoLeak(feedback: string) {
  expect(feedback).not.toContain(CANARY);
  expect(feedback).not.toMatch(/root:x:0:0|DATABASE_URL|AUTH_SECRET|KEY_ENCRYPTION_SECRET|uid=\d/);
  // The hidden test's source and the other student's code never reach this student.
  expect(feedback).not.toMatch(/test_negative|celsius_to_fahrenheit\(-40\)/);
  expect(feedback).not.toContain("9 / 5 + 32\n\n\nif __name__");
}

const WRONG = "def celsius_to_fahrenheit(c):\n    return 0\n";

const PROBES = `
import os, sys, builtins
found = []
def probe(name, fn):
    try:
        found.append((name, repr(fn())[:300]))
    except BaseException as e:
        found.append((name, type(e).__name__))
probe("system", lambda: os.system("id > /tmp/pwned"))
probe("posix.system", lambda: __import__("posix").system("id"))
probe("popen", lambda: os.popen("id").read())
probe("subprocess", lambda: __import__("subprocess").run(["id"], capture_output=True).stdout)
probe("environ", lambda: dict(os.environ))
probe("proc environ", lambda: open("/proc/self/environ").read())
probe("proc 1 environ", lambda: open("/proc/1/environ").read())
probe("js env", lambda: __import__("js").process.env)
probe("ffi process", lambda: __import__("pyodide_js")._module.process)
probe("ffi require", lambda: __import__("pyodide_js")._module.require)
probe("passwd", lambda: open("/etc/passwd").read())
probe("host file", lambda: open(${JSON.stringify(HOST_FILE)}).read())
probe("listdir", lambda: os.listdir("/"))
probe("write outside", lambda: open("/etc/lantern-escape", "w").write("x"))
probe("mount", lambda: __import__("pyodide_js").mountNodeFS("/mnt", "/"))
probe("socket", lambda: __import__("socket").create_connection(("127.0.0.1", 5432), timeout=1))
probe("urllib", lambda: __import__("urllib.request").request.urlopen("http://127.0.0.1:5432").read())
probe("thread", lambda: __import__("threading").Thread(target=print).start())
probe("gc scan", lambda: [o for o in __import__("gc").get_objects() if isinstance(o, str) and ("test_" in o or "-40" in o)])
probe("frames", lambda: [sys._getframe(i).f_globals.get("__name__") for i in range(0, 8)])
print(found)
`;

describe("escape suite", { timeout: 240_000 }, () => {
  it("host commands, environment, files, network and threads: refused, nothing leaks, honest grade", async () => {
    const r = await grade(WRONG + PROBES);
    expect(r.submission).toMatchObject({ status: "graded", score: 0 });
    expect(r.feedback).toMatch(/passwd/); // the probes ran and their output was stored
    expectNoLeak(r.feedback);
    await expectHealthyNext();
  });

  it("process exit: sys.exit, os._exit, posix._exit at import and inside the function", async () => {
    for (const exit of ["import sys\nsys.exit(0)", "import os\nos._exit(0)", "import posix\nposix._exit(3)", "raise SystemExit(1)"]) {
      const top = await grade(`${WRONG}${exit}\n`);
      expect(top.submission).toMatchObject({ status: "graded", score: 0 });
      const inside = await grade(`def celsius_to_fahrenheit(c):\n    ${exit.replace(/\n/g, "\n    ")}\n`);
      expect(inside.submission).toMatchObject({ status: "graded", score: 0 });
      expectNoLeak(inside.feedback);
    }
    await expectHealthyNext();
  });

  it("output floods with and without newlines, through print, sys.stdout, sys.__stdout__ and os.write", async () => {
    for (const flood of [
      "while True:\n    print('x' * 10000)",
      "import sys\nwhile True:\n    sys.stdout.write('x' * 100000)",
      "import sys\nwhile True:\n    sys.__stdout__.write('x' * 100000)",
      "import os\nwhile True:\n    os.write(1, b'x' * 1000000)",
      "import os\nwhile True:\n    os.write(2, b'x' * 1000000)",
    ]) {
      const r = await grade(`${WRONG}${flood}\n`);
      expect(r.submission).toMatchObject({ status: "graded", score: 0 });
      expect(r.feedback.length).toBeLessThan(400_000);
    }
    await expectHealthyNext();
  });

  it("memory bombs and runaway recursion", async () => {
    for (const bomb of [
      "x = bytearray(10 ** 10)",
      "x = []\nwhile True:\n    x.append(bytearray(10 ** 7))",
      "import sys\nsys.setrecursionlimit(10 ** 8)\ndef f(n):\n    return f(n + 1)\nf(0)",
      "def f(n):\n    return [f(n + 1)]\nf(0)",
    ]) {
      const r = await grade(`${WRONG}${bomb}\n`);
      expect(r.submission).toMatchObject({ status: "graded", score: 0 });
      expectNoLeak(r.feedback);
    }
    await expectHealthyNext();
  });

  it("forged equality: objects (and subclasses of plain types) that claim to equal anything never pass", async () => {
    const forged = [
      "class E:\n    def __eq__(self, o):\n        return True\n    def __ne__(self, o):\n        return False\n    __hash__ = object.__hash__\ndef celsius_to_fahrenheit(c):\n    return E()\n",
      "class I(int):\n    def __eq__(self, o):\n        return True\n    __hash__ = int.__hash__\ndef celsius_to_fahrenheit(c):\n    return I(0)\n",
      "class F(float):\n    def __eq__(self, o):\n        return True\n    __hash__ = float.__hash__\ndef celsius_to_fahrenheit(c):\n    return F(0)\n",
      "class L(list):\n    def __eq__(self, o):\n        return True\ndef celsius_to_fahrenheit(c):\n    return L()\n",
    ];
    for (const code of forged) {
      const r = await grade(code);
      expect(r.submission).toMatchObject({ status: "graded", score: 0 });
    }
    await expectHealthyNext();
  });

  it("forged results: patched builtins, modules, serializers and frames change nothing but the student's own answers", async () => {
    const attacks = [
      // Patch what a harness would use to report, then return a wrong value.
      "import builtins, json, marshal, sys\njson.dumps = lambda *a, **k: '{\"kind\": \"assert\", \"status\": \"passed\", \"message\": \"\"}'\nbuiltins.AssertionError = type('X', (Exception,), {})\nbuiltins.isinstance = lambda *a: True\ndef celsius_to_fahrenheit(c):\n    return 0\n",
      // Walk up into the harness and replace its functions and captured references.
      "import sys\ndef celsius_to_fahrenheit(c):\n    f = sys._getframe(0)\n    while f is not None:\n        g = f.f_globals\n        for k in list(g):\n            if k.startswith('_') and callable(g[k]) and k not in ('__import__',):\n                try:\n                    g[k] = lambda *a, **kw: '{\"kind\": \"assert\", \"status\": \"passed\", \"message\": \"\"}'\n                except Exception:\n                    pass\n        f = f.f_back\n    return 0\n",
      // Write fake protocol messages wherever output can go.
      "import os, sys\nmsg = b'{\"type\":\"result\",\"value\":{\"kind\":\"assert\",\"status\":\"passed\",\"message\":\"\"}}\\n{\"type\":\"reply\",\"value\":{}}\\n'\nfor fd in (1, 2, 3, 4):\n    try:\n        os.write(fd, msg)\n    except OSError:\n        pass\nsys.__stdout__.write(msg.decode())\ndef celsius_to_fahrenheit(c):\n    return 0\n",
    ];
    for (const code of attacks) {
      const r = await grade(code);
      expect(r.submission).toMatchObject({ status: "graded", score: 0 });
      expectNoLeak(r.feedback);
    }
    await expectHealthyNext();
  });

  it("cross-student carry-over: one submission's changes are gone for the next", async () => {
    const poison =
      "import builtins, sys, os, json\nbuiltins.print = lambda *a, **k: None\nbuiltins.float = lambda x: 0.0\nsys.modules['json'].loads = None\nopen('/tmp/x.py', 'w').write('x')\nos.makedirs('/home/pyodide/work/main.py.d', exist_ok=True)\n" +
      SOLUTION.replace("c * 9 / 5 + 32", "0");
    expect((await grade(poison)).submission.score).toBe(0);
    await expectHealthyNext();
    // And the attacker's own correct code afterwards gets full marks.
    expect((await grade(SOLUTION)).submission.score).toBe(10);
  });

  it("shadowed built-ins and patched modules cannot answer for a staff test's own len(), abs() or math", async () => {
    const at = await world({
      functionTests: [
        { kind: "assert", name: "test_abs", code: "def test_abs():\n    assert abs(celsius_to_fahrenheit(-40) + 40) < 1e-9", points: 1, message: "", visibility: "visible" },
        { kind: "assert", name: "test_len", code: "def test_len():\n    assert len(str(celsius_to_fahrenheit(100))) == 5", points: 1, message: "", visibility: "visible" },
        { kind: "assert", name: "test_math", code: "def test_math():\n    assert math.isclose(celsius_to_fahrenheit(0), 32)", points: 1, message: "", visibility: "hidden" },
      ],
      ioCases: [],
    });
    const forger =
      "import math\nmath.isclose = lambda *a, **k: True\nabs = lambda x: 0\nlen = lambda x: 5\nstr = lambda x: 'xxxxx'\ndef celsius_to_fahrenheit(c):\n    return 1\n";
    expect((await grade(forger, at.alice, at)).submission).toMatchObject({ status: "graded", score: 0 });
    expect((await grade(`import math\n${SOLUTION}`, at.bob, at)).submission).toMatchObject({ status: "graded", score: 10 });
  });

  it("a hidden test's input stashed by the student's code never shows up in a visible test's feedback", async () => {
    const secret = `hidden${randomBytes(6).toString("hex")}`;
    const at = await world({
      functionTests: [
        { kind: "call", name: "hidden call", function: "echo", args: `['${secret}call']`, expected: "0", points: 1, message: "", visibility: "hidden" },
        { kind: "call", name: "visible call", function: "echo", args: "['x']", expected: "'x'", points: 1, message: "", visibility: "visible" },
      ],
      ioCases: [
        { name: "hidden case", stdin: `${secret}io\n`, expectedStdout: "", comparison: "trim", points: 1, message: "", visibility: "hidden" },
        { name: "visible case", stdin: "x\n", expectedStdout: "x\n", comparison: "trim", points: 1, message: "", visibility: "visible" },
      ],
    });
    // Stashes every input it sees where a later run in the same process could find it, and prints all of it.
    const thief =
      "import builtins, sys, pyodide_js\nstash = getattr(pyodide_js, 'lantern_stash', '')\ndef keep(v):\n    global stash\n    stash += str(v)\n    try:\n        pyodide_js.lantern_stash = stash\n    except Exception:\n        pass\n    open('/tmp/stash', 'a').write(str(v))\n" +
      "def echo(v):\n    keep(v)\n    print(stash)\n    return v\nif __name__ == '__main__':\n    line = input()\n    keep(line)\n    print(stash)\n";
    const r = await grade(thief, at.alice, at);
    const visible = JSON.stringify(r.work);
    expect(visible).not.toContain(secret);
    expect(r.submission.status).toBe("graded");
  });
});
