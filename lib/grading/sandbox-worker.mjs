// A grading sandbox: one Pyodide interpreter in a worker thread. The parent (lib/grading/sandbox.ts) starts it with
// an empty environment and V8 heap limits, kills it on timeout, and replaces it after a crash or heavy memory use.
//
// Student code reaches JavaScript only through Pyodide's FFI. Before any student code runs this file takes away
// what JavaScript could do with that: the `js` module is an empty object, code generation from strings (the
// Function constructors, eval) throws, the Node globals that reach the host (process, fetch, WebSocket,
// BroadcastChannel...) are gone, and Pyodide's host-file-system mounts and package loading are disabled.
import { parentPort, workerData } from "node:worker_threads";
import { loadPyodide } from "pyodide";

const { indexURL, harnessSource, memoryLimitBytes } = workerData;
const port = parentPort;

// WebAssembly memory is outside V8's heap limits. Emscripten grows it through this method, so refusing here makes
// Python raise MemoryError instead of taking the host's memory.
const grow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function (pages) {
  if (this.buffer.byteLength + pages * 65536 > memoryLimitBytes) throw new RangeError("sandbox memory limit");
  return grow.call(this, pages);
};

const pyodide = await loadPyodide({
  indexURL,
  jsglobals: Object.create(null),
  env: { HOME: "/home/pyodide" },
  stdout: () => {},
  stderr: () => {},
  stdin: () => null,
});
const harness = pyodide.toPy({});
pyodide.runPython(harnessSource, { globals: harness, filename: "lantern-harness.py" });
const load = harness.get("load");
const runMain = harness.get("run_main");
const runTest = harness.get("run_test");
const call = harness.get("call");
const memory = () => pyodide._module.HEAPU8.buffer.byteLength;

harden();
port.postMessage({ type: "ready", memoryBytes: memory() });

port.on("message", (job) => {
  try {
    load(JSON.stringify(job.files));
    job.ioCases.forEach((c, index) => {
      const result = JSON.parse(runMain(job.mainFile, c.stdin, job.outputLimit));
      port.postMessage({ type: "case", index, result });
    });
    job.functionTests.forEach((t, index) => {
      const result =
        t.kind === "call"
          ? { kind: "call", ...JSON.parse(call(job.moduleName, t.function, t.argsJson, job.outputLimit)) }
          : JSON.parse(runTest(job.moduleName, t.name, t.code, job.outputLimit));
      port.postMessage({ type: "test", index, result });
    });
    port.postMessage({ type: "done", memoryBytes: memory() });
  } catch (error) {
    // A fatal Pyodide error (e.g. the WebAssembly stack overflowed) leaves the interpreter unusable.
    port.postMessage({ type: "fatal", message: String(error && error.message ? error.message : error).slice(0, 2000) });
  }
});

function harden() {
  const refuse = function () {
    throw new EvalError("Code generation is disabled in the grading sandbox.");
  };
  const kinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const fn of kinds) {
    Object.defineProperty(Object.getPrototypeOf(fn), "constructor", { value: refuse, writable: false, configurable: false });
  }
  const hostGlobals = [
    "eval", "Function", "process", "require", "module", "fetch", "WebSocket", "EventSource", "BroadcastChannel",
    "XMLHttpRequest", "Request", "Response", "Headers", "FormData", "navigator", "Buffer", "global",
  ];
  for (const name of hostGlobals) {
    try {
      Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
    } catch {
      delete globalThis[name];
    }
  }
  for (const name of ["mountNodeFS", "mountNativeFS", "loadPackage", "loadPackagesFromImports", "registerJsModule", "setStdin", "setStdout", "setStderr", "runPythonAsync"]) {
    pyodide[name] = refuse;
  }
  const fs = pyodide.FS;
  for (const name of ["NODEFS", "NODERAWFS", "NATIVEFS_ASYNC", "PROXYFS", "WORKERFS", "IDBFS"]) delete fs.filesystems[name];
  fs.mount = refuse;
}
