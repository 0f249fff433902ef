// `npm run lantern -- <command> [options]`: Lantern's command line. One module per command in scripts/commands/,
// each exporting { name, summary, usage, run }. `npm run lantern -- help [command]` lists them.
import { adminCommand } from "./commands/admin";
import { exchangeTokenCommand } from "./commands/exchange-token";
import { exportCommand } from "./commands/export";
import { tokenCommand } from "./commands/token";
import type { Command } from "./commands/types";

const COMMANDS: Command[] = [adminCommand, tokenCommand, exportCommand, exchangeTokenCommand];

function help(name?: string): void {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) {
    console.log(`${command.summary}\n\nUsage: npm run lantern -- ${command.usage}`);
    return;
  }
  console.log("Usage: npm run lantern -- <command> [options]\n\nCommands:");
  for (const c of COMMANDS) console.log(`  ${c.name.padEnd(12)} ${c.summary}`);
  console.log("\nnpm run lantern -- help <command> shows a command's options.");
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === "help" || name === "--help") {
  help(args[0]);
  process.exit(0);
}
const command = COMMANDS.find((c) => c.name === name);
if (!command) {
  console.error(`Unknown command "${name}".`);
  help();
  process.exit(2);
}
try {
  process.exitCode = (await command.run(args)) ?? 0;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
process.exit();
