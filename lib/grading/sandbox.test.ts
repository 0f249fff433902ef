import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { SandboxPool, type SandboxJob } from "./sandbox";
import { sandboxCommand } from "./sandbox-layers";
import { SandboxProcess } from "./sandbox-process";

// The pool says when its processes start without the memory snapshot or without the code cache (slower, not wrong).
const warnings: string[] = [];
const warn = log.warn;
vi.spyOn(log, "warn").mockImplementation((message, fields) => {
  warnings.push(message);
  warn(message, fields);
});
const pool = new SandboxPool({ size: 2, memoryLimitMb: 256 });
beforeAll(() => pool.warm(), 180_000);
afterAll(() => pool.close());

function job(main: string, tests: Record<string, string> = {}, extra: Partial<SandboxJob> = {}): SandboxJob {
  return {
    files: [{ name: "main.py", content: main }],
    mainFile: "main.py",
    ioCases: [{ stdin: "" }],
    functionTests: Object.entries(tests).map(([name, code]) => ({ kind: "assert" as const, name, code })),
    timeLimitMs: 8000,
    ...extra,
  };
}

/** Runs student code as the main program and returns what it printed or the error it raised. */
async function attempt(code: string) {
  const r = await pool.run(job(code));
  return { out: r.cases[0]?.stdout ?? "", error: r.cases[0]?.error?.message ?? "", failure: r.failure };
}

describe("grading sandbox", () => {
  it("starts its processes from the memory snapshot and Pyodide's V8 code cache", async () => {
    await pool.run(job("print('warm')\n"));
    expect(warnings.filter((w) => /snapshot|code cache/.test(w))).toEqual([]);
  });

  it("runs I/O cases and function tests", async () => {
    const r = await pool.run(
      job("def double(x):\n    return 2 * x\n\nif __name__ == '__main__':\n    print(double(int(input())))\n", {
        test_ok: "def test_ok():\n    assert double(2) == 4",
        test_bad: "def test_bad():\n    assert double(2) == 5, 'double(2) should be 5'",
      }, { ioCases: [{ stdin: "21\n" }] }),
    );
    expect(r.failure).toBeNull();
    expect(r.cases[0]).toMatchObject({ stdout: "42\n", exitCode: 0, error: null });
    expect(r.tests).toEqual([
      { kind: "assert", status: "passed", message: "" },
      { kind: "assert", status: "failed", message: "double(2) should be 5" },
    ]);
  });

  it("cannot read secrets: import js; js.process.env fails", async () => {
    const r = await attempt("import js\nprint(js.process.env)");
    expect(r.error).toMatch(/AttributeError/);
    const os = await attempt("import os\nprint(sorted(os.environ))");
    expect(os.out).not.toMatch(/AUTH_SECRET|DATABASE_URL|KEY_ENCRYPTION/);
  });

  it("cannot generate JavaScript code through the FFI (Function constructor, eval)", async () => {
    const r = await attempt(
      "import pyodide_js\nf = pyodide_js._module.__proto__.constructor.constructor\nprint(f('return typeof process')())",
    );
    expect(r.out).toBe("");
    expect(r.error).toMatch(/JsException/);
    const viaFunction = await attempt("import pyodide_js\nprint(pyodide_js.runPython.constructor('return 1')())");
    expect(viaFunction.out).toBe("");
    expect(viaFunction.error).toMatch(/JsException/);
    const runJs = await attempt("from pyodide.code import run_js\nprint(run_js('1+1'))");
    expect(runJs.out).toBe("");
  });

  it("cannot reach the host file system", async () => {
    const mount = await attempt("import pyodide_js\npyodide_js.mountNodeFS('/mnt', '/etc')\nimport os\nprint(os.listdir('/mnt'))");
    expect(mount.out).toBe("");
    const fsMount = await attempt("import pyodide_js\nFS = pyodide_js.FS\nFS.mount(FS.filesystems.NODEFS, {'root': '/'}, '/tmp')");
    expect(fsMount.error).not.toBe("");
    const listing = await attempt("import os\nprint(os.path.exists('/etc/passwd'), os.path.exists('/work'), os.path.exists('/root'))");
    expect(listing.out).toBe("False False False\n");
  });

  it("cannot use the network", async () => {
    const r = await attempt("import urllib.request\nprint(urllib.request.urlopen('http://127.0.0.1:5432').read())");
    expect(r.out).toBe("");
    expect(r.error).not.toBe("");
    const socket = await attempt("import socket\ns = socket.create_connection(('127.0.0.1', 5432), timeout=1)\nprint('connected')");
    expect(socket.out).toBe("");
    const pyfetch = await attempt("from pyodide.http import pyfetch\nimport asyncio\nprint(asyncio.run(pyfetch('http://127.0.0.1:5432')))");
    expect(pyfetch.out).toBe("");
  });

  it("leaks nothing between runs: files, modules, builtins", async () => {
    await attempt(
      "import builtins, sys, json\nopen('/tmp/secret.txt','w').write('s')\nopen('left.txt','w').write('x')\nbuiltins.len = lambda x: 42\nbuiltins.leak = 1\nsys.modules['json'].dumps = None\nsys.modules['spy'] = sys",
    );
    for (let i = 0; i < 2; i++) {
      const r = await attempt(
        "import os, sys, builtins\nprint(os.path.exists('/tmp/secret.txt'), os.path.exists('left.txt'), len([1]), hasattr(builtins, 'leak'), 'spy' in sys.modules)",
      );
      expect(r.out).toBe("False False 1 False False\n");
    }
  });

  it("kills and reports an infinite loop, then keeps serving", async () => {
    const r = await pool.run(job("while True:\n    pass\n", {}, { timeLimitMs: 1500 }));
    expect(r.failure?.kind).toBe("timeout");
    expect(r.cases[0]).toBeNull();
    expect((await attempt("print('alive')")).out).toBe("alive\n");
  });

  it("stops a program that sleeps instead of running (the limit counts CPU time, capped in wall-clock time)", async () => {
    const r = await pool.run(job("import time\ntime.sleep(1000)\n", {}, { timeLimitMs: 1000 }));
    expect(r.failure?.kind).toBe("timeout");
    expect(r.cases[0]).toBeNull();
  });

  it("stops a memory bomb with MemoryError", async () => {
    const r = await attempt("x = 'a' * (10 ** 9)\nprint(len(x))");
    expect(r.error).toMatch(/MemoryError/);
    const list = await attempt("x = []\nwhile True:\n    x.append(bytearray(10 ** 6))");
    expect(list.error).toMatch(/MemoryError/);
    expect((await attempt("print('alive')")).out).toBe("alive\n");
  });

  it("truncates huge output and stops the program", async () => {
    const r = await pool.run(job("while True:\n    print('x' * 1000)\n", {}, { outputLimit: 10_000 }));
    expect(r.cases[0]?.error?.type).toBe("OutputLimitExceeded");
    expect(r.cases[0]?.stdout.length).toBe(10_000);
  });

  it("reports syntax errors as compile errors", async () => {
    const r = await pool.run(job("def f(:\n    pass\n", { test_f: "def test_f():\n    assert f()" }));
    expect(r.cases[0]?.error).toMatchObject({ type: "SyntaxError", phase: "compile" });
    expect(r.tests[0]).toMatchObject({ status: "error", phase: "compile" });
  });

  it("handles sys.exit in the program and in tests", async () => {
    const r = await pool.run(job("import sys\nprint('bye')\nsys.exit(3)\n", { test_x: "def test_x():\n    assert True" }));
    expect(r.cases[0]).toMatchObject({ stdout: "bye\n", exitCode: 3, error: null });
    expect(r.tests[0]).toMatchObject({ status: "error", message: expect.stringMatching(/sys.exit/) });
  });

  it("reports runaway recursion, even with a raised recursion limit", async () => {
    const r = await attempt("def f(n):\n    return f(n + 1)\nf(0)");
    expect(r.error).toMatch(/RecursionError/);
    const deep = await pool.run(job("import sys\nsys.setrecursionlimit(10 ** 7)\ndef f(n):\n    return f(n + 1)\nf(0)"));
    expect(deep.failure?.kind === "crash" || /Error/.test(deep.cases[0]?.error?.type ?? "")).toBe(true);
    expect((await attempt("print('alive')")).out).toBe("alive\n");
  }, 120_000);
});

describe("a grading process without a snapshot (the fallback when the snapshot cannot be made)", () => {
  it("starts cold under the sandbox's own flags and runs a program", { timeout: 120_000 }, async () => {
    const root = process.cwd();
    const runtime = path.join(root, "node_modules", "pyodide");
    const script = path.join(root, "lib", "grading", "sandbox-child.mjs");
    const harness = path.join(root, "public", "lantern-harness.py");
    const child = new SandboxProcess(
      sandboxCommand({
        layers: pool.layers,
        limits: { cpuSeconds: 120, addressSpaceMb: 24 * 1024, fileSizeBytes: 1024 * 1024, processes: 256 },
        readable: [runtime, script, harness],
        heapMb: 256,
        script,
        args: ["student", runtime, "", harness, "256", "65536"],
      }),
      1024 * 1024,
    );
    try {
      await child.ready;
      child.send({ name: "load", args: [JSON.stringify([{ name: "main.py", content: "print('cold', 6 * 7)\n" }])] });
      expect((await child.next()).type).toBe("reply");
      child.send({ name: "run_main", args: ["main.py", "", 65536] });
      expect(await child.next()).toMatchObject({ type: "reply", value: { stdout: "cold 42\n", error: null } });
    } finally {
      child.kill();
    }
  });
});
