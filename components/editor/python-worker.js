// Lantern's in-browser Python: Pyodide in a module Web Worker, running the same two harnesses as the server's grader,
// so Check gives a visible test the same verdict as grading (issue 9, item 7): the student harness
// (public/lantern-harness.py) runs the student's code, and assert tests run through the grader's tests harness
// (public/lantern-tests.py, `run_test_here`), which sees the student's objects only as relayed proxies — so an object
// whose __eq__ always says True fails here as it does on the server. Both harnesses share this one interpreter, each
// in its own globals. Served at a versioned URL by app/runtime/[version]/[file]/route.ts; the query names the
// versioned Pyodide folder and harnesses (lib/python-runtime.ts), so every file it loads can be kept for offline runs.
// Messages in: { id, kind: "run", files, mainFile, stdin, outputLimit } or { id, kind: "check", files, mainFile,
// functionTests, ioCases, outputLimit } (function tests as lib/grading/runner-tests.ts prepares them). Messages out:
// { type: "ready" }, { id, type: "output", stream, text }, { id, type: "case" | "test", index, result },
// { id, type: "done", result? }, { id, type: "error", message }. Call tests come back as the returned value's
// marshal bytes: the page compares them with the same TypeScript code as the server.
// The page stops a run (Stop button or time limit) by terminating this worker and starting a new one.
const query = new URL(self.location.href).searchParams;
const runtimeUrl = (name) => {
  const value = query.get(name) ?? "";
  if (!/^\/runtime\/[0-9a-f]{16}\//.test(value)) throw new Error(`the worker was started without a ${name} URL`);
  return value;
};

const ready = (async () => {
  const indexURL = runtimeUrl("pyodide");
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
  const install = async (param, filename, globals) => {
    const response = await fetch(runtimeUrl(param));
    if (!response.ok) throw new Error(`${filename} answered ${response.status}`);
    pyodide.runPython(await response.text(), { globals, filename });
    return globals;
  };
  const harness = await install("harness", "lantern-harness.py", pyodide.toPy({}));
  // `_host_rpc` is the server's relay channel; here run_test_here binds the student harness's `op` instead.
  const tests = await install("tests", "lantern-tests.py", pyodide.toPy({ _host_rpc: null }));
  const get = (name) => harness.get(name);
  return {
    load: get("load"),
    runMain: get("run_main"),
    importMain: get("import_main"),
    call: get("call"),
    op: get("op"),
    runTestHere: tests.get("run_test_here"),
  };
})().catch((error) => {
  // Every job's answer names the cause (offline without a stored runtime, a refused file); the page words it.
  throw new Error(`Python failed to load: ${error && error.message ? error.message : error}`);
});

ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "error", message: error.message }),
);

onmessage = async ({ data: job }) => {
  const { id } = job;
  try {
    const { load, runMain, importMain, call, op, runTestHere } = await ready;
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
    // As lib/grading/sandbox.ts does: load, import the module once (its top-level code runs before any test), then
    // each test against that one import.
    if (job.functionTests.length === 0) return void postMessage({ id, type: "done" });
    load(JSON.stringify(job.files));
    const imported = importMain(moduleName, job.outputLimit);
    job.functionTests.forEach((t, index) => {
      const result =
        t.kind === "call"
          ? { kind: "call", ...JSON.parse(call(moduleName, t.function, t.argsJson, job.outputLimit)) }
          : JSON.parse(runTestHere(imported, moduleName, t.name, t.code, op, job.outputLimit));
      postMessage({ id, type: "test", index, result });
    });
    postMessage({ id, type: "done" });
  } catch (error) {
    postMessage({ id, type: "error", message: String(error && error.message ? error.message : error) });
  }
};
