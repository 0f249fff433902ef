import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { createApiToken, MAX_TOKEN_DAYS } from "@/lib/auth/api-tokens";
import { systemAuthz } from "@/lib/auth/authz";
import { ensureNbexchangeIdentity, nbexchangeIdentity } from "@/lib/exchange/identity";
import type { Command } from "./types";

const USAGE = `exchange-token [--days <n>] < identity.json

  identity.json: one nbgrader identity as nbexchange's user plugins describe it, e.g.
    {"name": "s1", "course_id": "CS101", "course_role": "Student", "org_id": 1, "full_name": "Sam Student"}
  Creates what is missing (the organisation's user and course by code, the enrollment) and prints an API token
  with scope "exchange" for that user (default 30 days).`;

/** `npm run lantern -- exchange-token`: an exchange API token for an nbgrader identity read from stdin. */
export const exchangeTokenCommand: Command = {
  name: "exchange-token",
  summary: "Print an nbgrader exchange API token for an identity given as JSON on stdin.",
  usage: USAGE,
  run: async (args) => {
    const { values } = parseArgs({ args, options: { days: { type: "string", default: "30" } } });
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) throw new Error(`--days must be a whole number from 1 to ${MAX_TOKEN_DAYS}.`);
    let raw: unknown;
    try {
      raw = JSON.parse(await text(process.stdin));
    } catch {
      throw new Error(`stdin is not JSON.\n\nUsage: npm run lantern -- ${USAGE}`);
    }
    const identity = nbexchangeIdentity.safeParse(raw);
    if (!identity.success) throw new Error(`Invalid identity: ${identity.error.issues.map((i) => `${i.path.join(".") || "identity"} ${i.message}`).join("; ")}`);
    const status = await migrationStatus(getDatabase());
    if (status !== "current") throw new Error(`The database is not migrated (${status}): run npm run db:migrate first.`);
    const { user } = await ensureNbexchangeIdentity(identity.data);
    const { token } = await createApiToken({ authz: systemAuthz("cli"), userId: user.id, name: `nbgrader ${identity.data.course_id}`, scopes: ["exchange"], expiresInDays: days });
    console.log(token);
  },
};
