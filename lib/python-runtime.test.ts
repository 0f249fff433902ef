import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runtimeAsset, runtimeManifest } from "./python-runtime";

describe("the editor's Python runtime at versioned URLs", () => {
  it("names each file under its group's version and finds it on disk, refusing other versions", () => {
    const { assets } = runtimeManifest();
    const wasmUrl = assets.find((a) => a.endsWith("/pyodide.asm.wasm"))!;
    const [, , version, file] = wasmUrl.split("/");
    const asset = runtimeAsset(version, file)!;
    expect(asset.contentType).toBe("application/wasm");
    expect(asset.path).toBe(path.join(process.cwd(), "node_modules", "pyodide", "pyodide.asm.wasm"));
    expect(asset.size).toBe(readFileSync(asset.path).length);
    expect(runtimeAsset("0000000000000000", file)).toBeNull();
    expect(runtimeAsset(version, "../package.json")).toBeNull();
    // The harness has its own version: a Pyodide version does not serve it.
    expect(runtimeAsset(version, "lantern-harness.py")).toBeNull();
  });
});
