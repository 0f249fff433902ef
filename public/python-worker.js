// Lantern's in-browser Python: Pyodide in a module Web Worker, loaded from /pyodide (copied there at install time).
// Messages in: { id, kind: "run", files, mainFile, stdin, outputLimit } or { id, kind: "check", files, mainFile,
// functionTests, ioCases, outputLimit }. Messages out: { type: "ready" }, { id, type: "output", stream, text },
// { id, type: "case" | "test", index, result }, { id, type: "done", result? }, { id, type: "error", message }.
// The page stops a run (Stop button or time limit) by terminating this worker and starting a new one.
import { loadPyodide } from "/pyodide/pyodide.mjs";

const ready = (async () => {
  const pyodide = await loadPyodide({ indexURL: "/pyodide/", stdout: () => {}, stderr: () => {} });
  const source = await (await fetch("/lantern-harness.py")).text();
  const harness = pyodide.toPy({});
  pyodide.runPython(source, { globals: harness, filename: "lantern-harness.py" });
  return { reset: harness.get("reset"), runMain: harness.get("run_main"), runTest: harness.get("run_test") };
})();

ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "error", message: `Python failed to load: ${error}` }),
);

onmessage = async ({ data: job }) => {
  const { id } = job;
  try {
    const { reset, runMain, runTest } = await ready;
    reset(JSON.stringify(job.files));
    if (job.kind === "run") {
      const stream = (kind, text) => postMessage({ id, type: "output", stream: kind, text });
      const result = JSON.parse(runMain(job.mainFile, job.stdin, job.outputLimit, stream));
      postMessage({ id, type: "done", result });
      return;
    }
    const moduleName = job.mainFile.replace(/\.py$/, "");
    job.functionTests.forEach((t, index) => {
      const result = JSON.parse(runTest(moduleName, t.name, t.code, job.outputLimit));
      postMessage({ id, type: "test", index, result });
    });
    job.ioCases.forEach((c, index) => {
      reset(JSON.stringify(job.files));
      const result = JSON.parse(runMain(job.mainFile, c.stdin, job.outputLimit));
      postMessage({ id, type: "case", index, result });
    });
    postMessage({ id, type: "done" });
  } catch (error) {
    postMessage({ id, type: "error", message: String(error && error.message ? error.message : error) });
  }
};
