// Lantern's in-browser Python: Pyodide in a module Web Worker, running the same harness as the server's grader
// (public/lantern-harness.py), so visible tests give the same verdict. Served at a versioned URL by
// app/runtime/[version]/[file]/route.ts; the query names the versioned Pyodide folder and harness
// (lib/python-runtime.ts), so every file this worker loads can be kept for offline runs.
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
  const response = await fetch(runtimeUrl("harness"));
  if (!response.ok) throw new Error(`the harness answered ${response.status}`);
  const source = await response.text();
  const harness = pyodide.toPy({});
  pyodide.runPython(source, { globals: harness, filename: "lantern-harness.py" });
  const get = (name) => harness.get(name);
  return { load: get("load"), runMain: get("run_main"), runTest: get("run_test"), call: get("call") };
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
    const { load, runMain, runTest, call } = await ready;
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
    job.functionTests.forEach((t, index) => {
      const result =
        t.kind === "call"
          ? { kind: "call", ...JSON.parse(call(moduleName, t.function, t.argsJson, job.outputLimit)) }
          : JSON.parse(runTest(moduleName, t.name, t.code, job.outputLimit));
      postMessage({ id, type: "test", index, result });
    });
    postMessage({ id, type: "done" });
  } catch (error) {
    postMessage({ id, type: "error", message: String(error && error.message ? error.message : error) });
  }
};
