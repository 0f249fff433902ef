// The browser's Check and the server's grader give an assert test the same verdict. The browser side is what
// components/editor/python-worker.js does (both harnesses in one Pyodide, `run_test_here` relaying to the student harness's
// `op`), run here in Node's Pyodide; the server side is the real sandbox (two processes, relayed by the host).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxPool } from "./sandbox";

type PyFn = (...args: unknown[]) => string;
const ROOT = path.resolve(import.meta.dirname, "../..");
const LIMIT = 64 * 1024;
const pool = new SandboxPool({ size: 1, memoryLimitMb: 256 });
let browser: { load: PyFn; importMain: PyFn; op: PyFn; runTestHere: PyFn };

beforeAll(async () => {
  const { loadPyodide } = await import("pyodide");
  const pyodide = await loadPyodide({ indexURL: path.join(ROOT, "node_modules", "pyodide") + "/", stdout: () => {}, stderr: () => {} });
  const harness = pyodide.toPy({});
  pyodide.runPython(readFileSync(path.join(ROOT, "public", "lantern-harness.py"), "utf8"), { globals: harness, filename: "lantern-harness.py" });
  const tests = pyodide.toPy({ _host_rpc: null });
  pyodide.runPython(readFileSync(path.join(ROOT, "public", "lantern-tests.py"), "utf8"), { globals: tests, filename: "lantern-tests.py" });
  browser = { load: harness.get("load"), importMain: harness.get("import_main"), op: harness.get("op"), runTestHere: tests.get("run_test_here") };
  await pool.warm();
}, 240_000);
afterAll(() => pool.close());

/** One student program and assert tests, checked as the browser does and graded as the server does. */
async function both(main: string, tests: Record<string, string>) {
  const files = [{ name: "main.py", content: main }];
  browser.load(JSON.stringify(files));
  const imported = browser.importMain("main", LIMIT);
  const inBrowser = Object.entries(tests).map(([name, code]) => JSON.parse(browser.runTestHere(imported, "main", name, code, browser.op, LIMIT)));
  const onServer = await pool.run({
    files,
    mainFile: "main.py",
    ioCases: [],
    functionTests: Object.entries(tests).map(([name, code]) => ({ kind: "assert" as const, name, code })),
    timeLimitMs: 20_000,
    testsKey: "parity",
  });
  expect(onServer.failure).toBeNull();
  return { inBrowser, onServer: onServer.tests };
}

const verdicts = (results: unknown[]) => results.map((r) => (r as { status: string }).status);

describe("browser Check and server grading agree", { timeout: 120_000 }, () => {
  it("on plain values, failures with messages, and importing the student's module by name", async () => {
    const r = await both("def total(xs):\n    return sum(xs)\n", {
      test_ok: "def test_ok():\n    assert total([1, 2, 3]) == 6",
      test_bad: "def test_bad():\n    assert total([1]) == 2, 'total([1]) should be 2'",
      test_import: "from main import total as t\ndef test_import():\n    assert t([]) == 0",
      test_raises: "def test_raises():\n    try:\n        total(None)\n    except TypeError:\n        return\n    assert False, 'no TypeError'",
    });
    expect(verdicts(r.inBrowser)).toEqual(["passed", "failed", "passed", "passed"]);
    expect(r.inBrowser).toEqual(r.onServer);
  });

  it("on the student's own objects: methods, attributes, len and iteration relayed; no comparison delegated to them", async () => {
    const main = [
      "class Stack:",
      "    def __init__(self):",
      "        self.items = []",
      "    def push(self, x):",
      "        self.items.append(x)",
      "    def __len__(self):",
      "        return len(self.items)",
      "    def __iter__(self):",
      "        return iter(self.items)",
      "class Liar:",
      "    def __eq__(self, other):",
      "        return True",
      "def add(a, b):",
      "    return Liar()",
    ].join("\n");
    const r = await both(main, {
      test_stack: "def test_stack():\n    s = Stack()\n    s.push(1)\n    s.push(2)\n    assert len(s) == 2 and list(s) == [1, 2] and s.items == [1, 2]",
      test_liar: "def test_liar():\n    assert add(1, 2) == 3",
      test_mutation: "def test_mutation():\n    xs = [3]\n    s = Stack()\n    s.push(xs)\n    assert s.items == [[3]]",
    });
    expect(verdicts(r.inBrowser)).toEqual(["passed", "failed", "passed"]);
    expect(r.inBrowser).toEqual(r.onServer);
  });

  it("a rerun in the browser's one interpreter sees changed, new and deleted files", () => {
    const run = (files: Record<string, string>) => {
      browser.load(JSON.stringify(Object.entries(files).map(([name, content]) => ({ name, content }))));
      const r = JSON.parse(browser.importMain("main", LIMIT)) as { error: { type: string } | null; names: { name: string }[] };
      return { error: r.error?.type ?? null, names: r.names.map((n) => n.name) };
    };
    expect(run({ "main.py": "from helper import x\n", "helper.py": "x = 1\n" })).toEqual({ error: null, names: ["x"] });
    expect(run({ "main.py": "from helper import y\n", "helper.py": "y = 2\n" })).toEqual({ error: null, names: ["y"] });
    expect(run({ "main.py": "from extra import z\n", "extra.py": "z = 3\n" })).toEqual({ error: null, names: ["z"] });
    expect(run({ "main.py": "import helper\n" }).error).toBe("ModuleNotFoundError");
  });

  it("when the module cannot be imported", async () => {
    const r = await both("def f(:\n    pass\n", { test_f: "def test_f():\n    assert f() is None" });
    expect(verdicts(r.inBrowser)).toEqual(["error"]);
    expect(r.inBrowser).toEqual(r.onServer);
  });
});
