import { parseArgs } from "node:util";
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { grantSiteRoleByEmail } from "@/lib/admin/users";
import { systemAuthz } from "@/lib/auth/authz";
import { selectUsersByEmail, updateUserSiteRoles } from "@/lib/models/users";
import type { Command } from "./types";

const USAGE = `admin add <email> | admin remove <email>

  add     makes the account behind <email> an admin (creating it if nobody signs in with that address yet); they
          then sign in by email at /sign-in. Recorded in the audit log as the command line's.
  remove  takes the admin role away.`;

/** `npm run lantern -- admin add <email>`: the first admins (besides ADMIN_EMAILS), and later ones. */
export const adminCommand: Command = {
  name: "admin",
  summary: "Make an email address an admin (admin add <email>), or remove an admin.",
  usage: USAGE,
  run: async (args) => {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
    const [verb, email, ...rest] = positionals;
    if (values.help) {
      console.log(`Usage: npm run lantern -- ${USAGE}`);
      return 0;
    }
    if (!["add", "remove"].includes(verb ?? "") || !email || rest.length) {
      console.error(`Usage: npm run lantern -- ${USAGE}`);
      return 2;
    }
    const status = await migrationStatus(getDatabase());
    if (status !== "current") throw new Error(`The database is not migrated (${status}): run npm run db:migrate first.`);
    const authz = systemAuthz("cli");
    if (verb === "add") {
      const user = await grantSiteRoleByEmail({ authz, email, role: "admin" });
      console.log(`${user.email} is an admin (user ${user.id}). They sign in by email at /sign-in.`);
      return 0;
    }
    const admins = (await selectUsersByEmail({ email })).filter((u) => u.siteRoles.includes("admin"));
    if (admins.length === 0) {
      console.error(`No admin has the address ${email}.`);
      return 1;
    }
    for (const user of admins) await updateUserSiteRoles({ authz, userId: user.id, roles: user.siteRoles.filter((r) => r !== "admin") });
    console.log(`${email} is no longer an admin.`);
    return 0;
  },
};
