// `node --import ./db/testing/module-trace.mjs …`: appends the URL of every module the process loads through the ESM
// loader (every `import`, static or dynamic, of ESM or CommonJS; not `require` calls inside CommonJS packages) to the
// file named by MODULE_TRACE_FILE, one per line. For tests that check what a process does not load. It runs before any
// app module (it is the process's --import preload), so it reads its one setting from the environment itself, not
// through lib/env.ts.
import { register } from "node:module";

register("./module-trace-hooks.mjs", import.meta.url, { data: { file: process.env.MODULE_TRACE_FILE } });
