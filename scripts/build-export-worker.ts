// Part of `npm run build` (after `next build`, which empties .next/): bundles scripts/export-worker.ts and the app
// code it imports into one plain JavaScript file, .next/lantern/export-worker.mjs, that production runs with plain
// `node` (lib/exports/worker-process.ts). The worker then pays neither for tsx's loader and its esbuild service
// (~30 MB of RSS) nor for compiling TypeScript as it starts. Packages stay external: Node loads them from
// node_modules at run time under the `--conditions=react-server` the worker is started with, so `server-only` and
// React resolve as in the Next server; app code is resolved with the same condition here. Beside it,
// export-worker.sources.json holds the SHA-256 of every source file in it: the server runs the bundle only while the
// source on disk is still what it was built from (workerBundle()).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/** Where the server looks for the bundle, relative to the project root (lib/exports/worker-process.ts). */
export const EXPORT_WORKER_BUNDLE = path.join(".next", "lantern", "export-worker.mjs");
/** The worker thread of a ProgSnap2 shard (lib/exports/progsnap2/shard-thread.ts), bundled the same way. */
export const EXPORT_SHARD_BUNDLE = path.join(".next", "lantern", "export-shard.mjs");

/** The bundle's list of sources: `bundle` with `.sources.json` for `.mjs`. */
export const sourcesFile = (bundle: string) => bundle.replace(/\.mjs$/, ".sources.json");

/** SHA-256 (hex) of a file's bytes. */
export const sha256File = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

function packageRoot(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const root = path.join(dir, "node_modules", name);
    if (existsSync(path.join(root, "package.json"))) return root;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Leaves every package import to Node (like esbuild's `packages: "external"`), spelled so Node's ESM resolver finds
 * it: a subpath of a package without an `exports` map (`next/headers`) needs its file name (`next/headers.js`), which
 * a bundler or tsx would have added.
 */
const externalPackages: Plugin = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path: spec, resolveDir }) => {
      if (spec.startsWith("node:") || spec.startsWith("@/")) return undefined;
      const name = spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");
      if (name === spec) return { path: spec, external: true };
      const root = packageRoot(name, resolveDir);
      if (!root || JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).exports) return { path: spec, external: true };
      const file = path.relative(root, createRequire(path.join(resolveDir, "index.js")).resolve(spec));
      return { path: `${name}/${file.split(path.sep).join("/")}`, external: true };
    });
  },
};

/** Writes the bundle to `outfile` (default: where production looks for it) and says what went into it. */
export async function buildExportWorker({ outfile = EXPORT_WORKER_BUNDLE, root = process.cwd(), entry = "scripts/export-worker.ts" } = {}) {
  const started = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [path.basename(outfile, ".mjs")]: entry },
    outdir: path.dirname(outfile),
    outExtension: { ".js": ".mjs" },
    // App modules imported on first use (lib/storage/s3.ts, the bucket's) stay separate chunks, loaded as late as in
    // the TypeScript: inlined, the packages they import (the AWS SDK) would be hoisted into the bundle's imports.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["react-server"],
    tsconfig: "tsconfig.json",
    plugins: [externalPackages],
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const sources = Object.fromEntries(inputs.map((file) => [file, sha256File(path.join(root, file))]));
  writeFileSync(path.resolve(root, sourcesFile(outfile)), `${JSON.stringify({ sources }, null, 1)}\n`);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { outfile, modules: inputs.length, bytes, ms: Date.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [outfile, entry] of [[EXPORT_WORKER_BUNDLE, "scripts/export-worker.ts"], [EXPORT_SHARD_BUNDLE, "scripts/export-shard.ts"]]) {
    const { modules, bytes, ms } = await buildExportWorker({ outfile, entry });
    console.log(`export worker: ${outfile} (${modules} modules, ${Math.round(bytes / 1024)} KiB) in ${ms} ms`);
  }
}
