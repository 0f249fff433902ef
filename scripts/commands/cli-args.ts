import { parseArgs, type ParseArgsConfig } from "node:util";

type Config<T extends NonNullable<ParseArgsConfig["options"]>> = { options: T; allowPositionals?: boolean };

/**
 * `parseArgs` for Lantern's scripts: `--help`/`-h` prints the usage and exits 0, and an unknown or malformed option
 * prints what was wrong plus the usage and exits 2 (instead of a stack trace), all before any database is opened.
 */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig["options"]>>(usage: string, config: Config<T>) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ options: config.options, allowPositionals: config.allowPositionals ?? false, args, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
