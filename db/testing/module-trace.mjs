// `node --import ./db/testing/module-trace.mjs …`: appends the URL of every module the process loads through the ESM
// loader (every `import`, static or dynamic, of ESM or CommonJS; not `require` calls inside CommonJS packages) to the
// file named by MODULE_TRACE_FILE, one per line. For tests that check what a process does not load.
import { register } from "node:module";

register("./module-trace-hooks.mjs", import.meta.url, { data: { file: process.env.MODULE_TRACE_FILE } });
