// Copies Pyodide's runtime into public/pyodide so the browser loads it from Lantern itself (offline, no CDN).
// public/pyodide is gitignored; this runs after every `npm install`.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, "node_modules", "pyodide");
const target = path.join(root, "public", "pyodide");
const files = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

if (!existsSync(source)) {
  console.warn("postinstall: node_modules/pyodide is missing; the in-browser Python runner will not work.");
} else {
  mkdirSync(target, { recursive: true });
  for (const file of files) copyFileSync(path.join(source, file), path.join(target, file));
  console.log(`postinstall: copied ${files.length} Pyodide runtime files to public/pyodide`);
}
