import { parseArgs } from "node:util";
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { createTokenForEmail } from "@/lib/admin/tokens";
import { MAX_TOKEN_DAYS } from "@/lib/auth/api-tokens";
import { systemAuthz } from "@/lib/auth/authz";
import { ALL_ROLES, API_SCOPES, type ApiScope, type CourseRole } from "@/lib/auth/roles";
import type { Command } from "./types";

const USAGE = `token create --email <email> [--scope read|grades:write|exchange]… [--course <id> --role <role>]
    [--days <n>] [--name <text>]

  Prints a personal API token for the account behind <email>, creating the account if nobody signs in with that
  address yet. --course with --role also enrolls it in that course (role: ${ALL_ROLES.join(", ")}).
  Default scope: read; default expiry: 30 days. The token is shown once; Lantern keeps only its hash.`;

/** `npm run lantern -- token create …`: an API token for scripts and tests, with the user and enrollment it needs. */
export const tokenCommand: Command = {
  name: "token",
  summary: "Create an API token for a user by email (token create --email …), enrolling them if asked.",
  usage: USAGE,
  run: async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        email: { type: "string" },
        scope: { type: "string", multiple: true },
        course: { type: "string" },
        role: { type: "string" },
        days: { type: "string", default: "30" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(`Usage: npm run lantern -- ${USAGE}`);
      return 0;
    }
    const usage = (problem: string) => {
      console.error(`${problem}\n\nUsage: npm run lantern -- ${USAGE}`);
      return 2;
    };
    if (positionals.length !== 1 || positionals[0] !== "create") return usage("The only subcommand is: token create.");
    if (!values.email) return usage("--email is required.");
    const scopes = values.scope?.length ? [...new Set(values.scope.flatMap((s) => s.split(",")).map((s) => s.trim()))] : ["read"];
    const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
    if (unknown.length) return usage(`Unknown scope ${unknown.join(", ")} (known: ${API_SCOPES.join(", ")}).`);
    if (Boolean(values.course) !== Boolean(values.role)) return usage("--course and --role go together.");
    if (values.role && !(ALL_ROLES as readonly string[]).includes(values.role)) return usage(`Unknown role ${values.role} (known: ${ALL_ROLES.join(", ")}).`);
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) return usage(`--days must be a whole number from 1 to ${MAX_TOKEN_DAYS}.`);

    const status = await migrationStatus(getDatabase());
    if (status !== "current") throw new Error(`The database is not migrated (${status}): run npm run db:migrate first.`);
    const { token, user, createdUser, enrolled } = await createTokenForEmail({
      authz: systemAuthz("cli"),
      email: values.email,
      scopes: scopes as ApiScope[],
      expiresInDays: days,
      name: values.name,
      course: values.course ? { unsafeCourseId: values.course, role: values.role as CourseRole } : undefined,
    });
    // The token alone on stdout, so scripts can capture it; what was done goes to stderr.
    console.error(`${createdUser ? "Created user" : "User"} ${user.email} (${user.id})${enrolled ? `, enrolled as ${values.role}` : ""}; token scopes: ${scopes.join(", ")}, ${days} days.`);
    console.log(token);
    return 0;
  },
};
