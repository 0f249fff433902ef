/** One `npm run lantern -- <name>` command. `run` returns the exit code (0 when omitted). */
export type Command = { name: string; summary: string; usage: string; run: (args: string[]) => Promise<number | void> };
