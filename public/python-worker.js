// Lantern's in-browser Python: Pyodide in a module Web Worker, loaded from /pyodide (copied there at install time),
// running the same harness as the server's grader (/lantern-harness.py), so visible tests give the same verdict.
// Messages in: { id, kind: "run", files, mainFile, stdin, outputLimit } or { id, kind: "check", files, mainFile,
// functionTests, ioCases, outputLimit } (function tests as lib/grading/runner-tests.ts prepares them). Messages out:
// { type: "ready" }, { id, type: "output", stream, text }, { id, type: "case" | "test", index, result },
// { id, type: "done", result? }, { id, type: "error", message }. Call tests come back as the returned value's
// marshal bytes: the page compares them with the same TypeScript code as the server.
// The page stops a run (Stop button or time limit) by terminating this worker and starting a new one.
import { loadPyodide } from "/pyodide/pyodide.mjs";

const ready = (async () => {
  const pyodide = await loadPyodide({ indexURL: "/pyodide/", stdout: () => {}, stderr: () => {} });
  const [source, testsSource] = await Promise.all(["/lantern-harness.py", "/lantern-tests.py"].map(async (url) => (await fetch(url)).text()));
  const harness = pyodide.toPy({});
  pyodide.runPython(source, { globals: harness, filename: "lantern-harness.py" });
  // Assert tests run in the server's tests harness, its proxies answered by this harness's `op`: the same verdicts.
  const tests = pyodide.toPy({ _host_rpc: null });
  pyodide.runPython(testsSource, { globals: tests, filename: "lantern-tests.py" });
  const get = (name) => harness.get(name);
  const op = get("op");
  const runTestHere = tests.get("run_test_here");
  const runTest = (imported, module, name, code, limit) => runTestHere(imported, module, name, code, op, limit);
  return { load: get("load"), runMain: get("run_main"), importMain: get("import_main"), runTest, call: get("call") };
})();

ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "error", message: `Python failed to load: ${error}` }),
);

onmessage = async ({ data: job }) => {
  const { id } = job;
  try {
    const { load, runMain, importMain, runTest, call } = await ready;
    load(JSON.stringify(job.files));
    if (job.kind === "run") {
      const stream = (kind, text) => postMessage({ id, type: "output", stream: kind, text });
      const result = JSON.parse(runMain(job.mainFile, job.stdin, job.outputLimit, stream));
      postMessage({ id, type: "done", result });
      return;
    }
    const moduleName = job.mainFile.replace(/\.py$/, "");
    // The same order as the server: every I/O case on a fresh interpreter state, then the function tests.
    job.ioCases.forEach((c, index) => {
      load(JSON.stringify(job.files));
      const result = JSON.parse(runMain(job.mainFile, c.stdin, job.outputLimit));
      postMessage({ id, type: "case", index, result });
    });
    load(JSON.stringify(job.files));
    // As on the server: the module is imported once, before the tests (its top-level code runs here).
    const imported = job.functionTests.length ? importMain(moduleName, job.outputLimit) : null;
    job.functionTests.forEach((t, index) => {
      const result =
        t.kind === "call"
          ? { kind: "call", ...JSON.parse(call(moduleName, t.function, t.argsJson, job.outputLimit)) }
          : JSON.parse(runTest(imported, moduleName, t.name, t.code, job.outputLimit));
      postMessage({ id, type: "test", index, result });
    });
    postMessage({ id, type: "done" });
  } catch (error) {
    postMessage({ id, type: "error", message: String(error && error.message ? error.message : error) });
  }
};
