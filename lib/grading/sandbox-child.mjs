// One grading process (started by lib/grading/sandbox.ts, one per submission, inside bubblewrap and Node's
// permission model, with rlimits and an empty environment). Roles:
//   student  — runs one student's files in a fresh Pyodide interpreter; answers requests for run/import/call/op.
//   tests    — runs staff assert tests (public/lantern-tests.py); never runs student code: the student's
//              functions and objects are proxies whose every use is a request to the host (`rpc`).
//   snapshot-student, snapshot-tests — write a Pyodide memory snapshot with that role's harness already run to the
//              path given (once per role per grader start, outside the sandbox).
// Protocol: one JSON message per line, requests on fd 0, replies on fd 1, both read and written synchronously so
// nothing is buffered where the student's code could see it. The host treats every reply from a student process
// as untrusted data (it decides no verdict from it) and caps its size.
import { constants as fsConstants, readFileSync, readSync, writeFileSync, writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { Buffer } from "node:buffer";

const [role, runtimeDir, snapshotFile, harnessFile, memoryLimitMb, outputLimit] = process.argv.slice(2);
const exit = process.exit.bind(process);
const cpuUsage = process.cpuUsage.bind(process);
/** The CPU this process used to start (reported with "ready": the host counts a run's time limit from there). */
const cpuMs = () => {
  const { user, system } = cpuUsage();
  return (user + system) / 1000;
};
const memoryLimitBytes = Number(memoryLimitMb) * 1024 * 1024;
const fdOutputLimit = Number(outputLimit);

// Pyodide's NODEFS asks process.binding for file-flag constants at start-up, which the permission model refuses.
process.binding = (name) => {
  if (name === "constants") return { fs: fsConstants };
  throw new Error(`process.binding('${name}') is not available`);
};

// WebAssembly memory is outside V8's heap cap; Emscripten grows it through this method, so refusing here makes
// Python raise MemoryError (the address-space rlimit is the backstop).
const grow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function (pages) {
  if (this.buffer.byteLength + pages * 65536 > memoryLimitBytes) throw new RangeError("sandbox memory limit");
  return grow.call(this, pages);
};

const write = (message) => {
  const bytes = Buffer.from(JSON.stringify(message) + "\n");
  for (let off = 0; off < bytes.length; ) off += writeSync(1, bytes, off);
};

let pending = Buffer.alloc(0);
const chunk = Buffer.alloc(65536);
/** The next request from the host, or null at end of input (the host went away). */
const read = () => {
  for (;;) {
    const nl = pending.indexOf(10);
    if (nl >= 0) {
      const line = pending.subarray(0, nl).toString("utf8");
      pending = pending.subarray(nl + 1);
      return JSON.parse(line);
    }
    let n;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      if (error.code === "EAGAIN") continue;
      throw error;
    }
    if (n === 0) return null;
    pending = Buffer.concat([pending, chunk.subarray(0, n)]);
  }
};

const { loadPyodide } = await import(pathToFileURL(`${runtimeDir}/pyodide.mjs`).href);
const options = {
  indexURL: `${runtimeDir}/`,
  jsglobals: Object.create(null),
  env: { HOME: "/home/pyodide" },
  stdout: () => {},
  stderr: () => {},
  stdin: () => null,
};

// Emscripten's exit and system end in host APIs the sandbox has taken away (they would kill the interpreter):
// ending the process becomes SystemExit, running a command an OSError.
const PROCESS_GUARDS = `
import os, posix
def _exit(status=0):
    raise SystemExit(status)
def _system(command):
    raise OSError(38, "running commands is not available")
os._exit = posix._exit = _exit
os.system = posix.system = _system
del _exit, _system
`;

// The harness (and, for a student process, the process guards above) is run once, into the snapshot: a process
// restored from it starts with the harness's functions already defined (compiling and running the harness in a
// fresh interpreter was most of a process's start-up CPU). Nothing in the snapshot is a JavaScript object: the
// tests interpreter's channel to the host is bound after the restore.
const HARNESS_GLOBALS = "_lantern_harness_globals";
function installHarness(pyodide, snapshotRole) {
  const globals = pyodide.toPy({ _host_rpc: null });
  if (snapshotRole === "student") pyodide.runPython(PROCESS_GUARDS, { globals: pyodide.toPy({}) });
  pyodide.runPython(readFileSync(harnessFile, "utf8"), { globals, filename: harnessFile.split("/").pop() });
  return globals;
}

// Pyodide's JavaScript (pyodide.asm.mjs, 1.2 MB) is compiled from a V8 code cache made with the snapshot, instead
// of parsed and compiled again in every process (~35 ms of a process's ~300 ms start-up CPU). V8 caches classic
// scripts only, so the module is loaded as a function script: its `import.meta.url` becomes the file's URL, its
// dynamic imports (Node built-ins only: node:module, node:fs, node:path, …) go through `__lanternImport`, and the
// factory it exported is the script's value. V8 checks the cache against the source and flags and compiles
// normally if it does not match; any surprise in the source means no cache, and Pyodide loads itself as usual.
const GLUE = `${runtimeDir}/pyodide.asm.mjs`;
const glueFiles = { source: `${snapshotFile}.js`, cache: `${snapshotFile}.jscache` };
const EXPORT = "export default _createPyodideModule;";

/** pyodide.asm.mjs as a function script, or null when it is not shaped as expected. */
function glueScript(text) {
  if (text.split(EXPORT).length !== 2 || !text.includes("import.meta.url")) return null;
  const body = text
    .replace(EXPORT, "")
    .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(GLUE).href))
    .replace(/(?<![\w$.])import\(/g, "__lanternImport(");
  if (/\bimport\.meta\b|^\s*(?:import|export)\s/m.test(body)) return null;
  return `(function (__lanternImport) {${body}\nreturn _createPyodideModule;\n})`;
}

/** The module factory compiled from `source` (with V8's code cache when given), or null when that fails. */
function compileGlue(source, cachedData) {
  try {
    const script = new vm.Script(source, { filename: GLUE, cachedData });
    return { script, factory: script.runInThisContext()((specifier) => import(specifier)) };
  } catch {
    return null;
  }
}

if (role === "snapshot-student" || role === "snapshot-tests") {
  const source = glueScript(readFileSync(GLUE, "utf8"));
  const glue = source && compileGlue(source);
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: true, ...(glue && { createPyodideModule: glue.factory }) });
  const globals = installHarness(pyodide, role.slice("snapshot-".length));
  pyodide.globals.set(HARNESS_GLOBALS, globals);
  globals.destroy();
  writeFileSync(snapshotFile, pyodide.makeMemorySnapshot());
  // After the run, so the cache holds every function start-up compiled.
  if (glue) {
    writeFileSync(glueFiles.source, source);
    writeFileSync(glueFiles.cache, glue.script.createCachedData());
  }
  exit(0);
}

/** How this process compiled Pyodide's JavaScript (reported with "ready"; the tests check the cache is used). */
let codeCache = "none";
let glue = null;
if (snapshotFile) {
  try {
    glue = compileGlue(readFileSync(glueFiles.source, "utf8"), readFileSync(glueFiles.cache));
    codeCache = glue ? (glue.script.cachedDataRejected ? "rejected" : "used") : "none";
  } catch {
    // no cache files: Pyodide loads its JavaScript itself
  }
}
const pyodide = await loadPyodide(
  snapshotFile ? { ...options, _loadSnapshot: readFileSync(snapshotFile), ...(glue && { createPyodideModule: glue.factory }) } : options,
);
// Output written below Python's sys.stdout (os.write(1, …)) reaches these callbacks as raw bytes: counted and
// dropped, and past the limit the write fails, so a flood without newlines cannot grow memory anywhere.
let fdBytes = 0;
const sink = {
  write: (buffer) => {
    fdBytes += buffer.length;
    if (fdBytes > fdOutputLimit) throw new Error("output limit exceeded");
    return buffer.length;
  },
};
// Past the limit such a write fails inside Python as "OSError: [Errno 29] I/O error"; the student is told why.
const FLOOD = { type: "OutputLimitExceeded", phase: "run", message: `Output limit exceeded: the program wrote more than ${fdOutputLimit} bytes of output.` };
const nameError = (error) => (fdBytes > fdOutputLimit && error?.type === "OSError" ? FLOOD : error);
function nameFlood(value) {
  if (value && typeof value === "object") {
    if ("error" in value) value.error = nameError(value.error);
    if (value.result?.type === "raised") value.result.error = nameError(value.result.error);
  }
  return value;
}
pyodide.setStdout(sink);
pyodide.setStderr(sink);
let harness;
if (snapshotFile) {
  harness = pyodide.globals.get(HARNESS_GLOBALS);
  pyodide.globals.delete(HARNESS_GLOBALS);
} else harness = installHarness(pyodide, role);
if (role === "tests") harness.set("_rpc", (request) => rpc(request));
const fn = (name) => harness.get(name);

/** A request from the tests interpreter to the host (an operation on the student's objects); blocks for the reply. */
function rpc(request) {
  write({ type: "op", request: JSON.parse(request) });
  const reply = read();
  if (!reply) exit(0);
  return JSON.stringify(reply.reply);
}


if (role === "student") {
  const handlers = {
    load: fn("load"),
    run_main: fn("run_main"),
    import_main: fn("import_main"),
    call: fn("call"),
    op: fn("op"),
  };
  harden();
  write({ type: "ready", cpuMs: cpuMs(), codeCache });
  for (;;) {
    const request = read();
    if (!request) exit(0);
    let reply;
    try {
      const { name, args } = request;
      reply = { type: "reply", value: nameFlood(JSON.parse(handlers[name](...args))) };
    } catch (error) {
      const message = String(error?.message ?? error).slice(0, 2000);
      // A Python exception escaping the harness means the student's code broke what the harness relies on
      // (patched builtins or modules): their own run is over. Anything else is a fatal Pyodide error (e.g. the
      // WebAssembly stack overflowed) that leaves the interpreter unusable.
      write({ type: error?.constructor?.name === "PythonError" && !pyodide._api?.fatal_error_occurred ? "broken" : "fatal", message });
      exit(70);
    }
    write(reply);
  }
} else if (role === "tests") {
  const runTest = fn("run_test");
  write({ type: "ready", cpuMs: cpuMs(), codeCache });
  for (;;) {
    const request = read();
    if (!request) exit(0);
    write({ type: "result", value: JSON.parse(runTest(JSON.stringify(request))) });
  }
}

/** Takes away what JavaScript reached through Pyodide's FFI could do, before any student code runs. */
function harden() {
  const refuse = function () {
    throw new EvalError("Code generation is disabled in the grading sandbox.");
  };
  const kinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const kind of kinds) {
    Object.defineProperty(Object.getPrototypeOf(kind), "constructor", { value: refuse, writable: false, configurable: false });
  }
  const hostGlobals = [
    "eval", "Function", "process", "require", "module", "fetch", "WebSocket", "EventSource", "BroadcastChannel",
    "XMLHttpRequest", "Request", "Response", "Headers", "FormData", "navigator", "Buffer", "global", "Worker",
  ];
  for (const name of hostGlobals) {
    try {
      Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
    } catch {
      delete globalThis[name];
    }
  }
  for (const name of ["mountNodeFS", "mountNativeFS", "loadPackage", "loadPackagesFromImports", "registerJsModule", "setStdin", "setStdout", "setStderr", "runPythonAsync", "unpackArchive"]) {
    pyodide[name] = refuse;
  }
  const fs = pyodide.FS;
  for (const name of ["NODEFS", "NODERAWFS", "NATIVEFS_ASYNC", "PROXYFS", "WORKERFS", "IDBFS"]) delete fs.filesystems[name];
  fs.mount = refuse;
}
