import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", path.join(root, script), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });

// `npm run lti:register -- --help` used to crash with ERR_PARSE_ARGS_UNKNOWN_OPTION and a stack trace.
describe("script command lines", () => {
  it("print their usage for --help and exit 0", () => {
    for (const script of ["scripts/lti-register.ts", "scripts/content.ts"]) {
      const result = run(script, "--help");
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/npm run (lti:register|content) --/);
      expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it("explain an unknown option with the usage and exit 2, without a stack trace", () => {
    const result = run("scripts/lti-register.ts", "--issuer-url", "x");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--issuer-url'/);
    expect(result.stderr).toMatch(/--client-id ID/);
    expect(result.stderr).not.toMatch(/ERR_PARSE_ARGS|node:internal/);
  });
});
