import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { mayRequest, requireExportRight } from "@/lib/exports/access";
import { EXPORT_KINDS, exportParamsSchema } from "@/lib/exports/params";
import { exportParallelism } from "@/lib/exports/progsnap2/shard-thread";
import { runExportJob } from "@/lib/exports/run";
import { insertExportJob, selectExportJob, type ExportKind } from "@/lib/models/export-jobs";
import { ensureResearchProject, selectOptionalUserByEmail } from "@/lib/models/research";
import { selectUser } from "@/lib/models/users";
import { storedParams } from "@/lib/exports/params";
import { storage } from "@/lib/storage";
import type { Command } from "./types";

const USAGE = `export <kind> --course <id> --as <email> --out <file> [--research] [--assignment <id>]… [--from <date>] [--to <date>]
    [--roles student,ta,…] [--include-test-students] [--code none|final|all] [--project <name>]

  kind: ${Object.keys(EXPORT_KINDS).join(", ")}
  --as        the Lantern user the export is made for; their rights apply (researchers: de-identified only)
  --research  de-identified and consent-filtered (always for progsnap2)
  --project   research project whose stable key names subjects (default: a fresh key per dataset)`;

/** `npm run lantern -- export …`: builds one export now, in this process, and writes it to --out. */
export const exportCommand: Command = {
  name: "export",
  summary: "Build an export (grades, canvas, submissions, events, progsnap2) and write it to a file.",
  usage: USAGE,
  run: async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        course: { type: "string" },
        as: { type: "string" },
        out: { type: "string" },
        research: { type: "boolean", default: false },
        assignment: { type: "string", multiple: true },
        from: { type: "string" },
        to: { type: "string" },
        roles: { type: "string" },
        "include-test-students": { type: "boolean", default: false },
        code: { type: "string" },
        project: { type: "string" },
      },
    });
    const kind = positionals[0] as ExportKind;
    if (!EXPORT_KINDS[kind]) throw new Error(`Unknown export kind "${positionals[0] ?? ""}". Kinds: ${Object.keys(EXPORT_KINDS).join(", ")}.`);
    if (!values.course || !values.as || !values.out) throw new Error(`--course, --as and --out are required.\n\nUsage: npm run lantern -- ${USAGE}`);
    const handle = getDatabase();
    const status = await migrationStatus(handle);
    if (status !== "current") throw new Error(`The database is not migrated (${status}): run npm run db:migrate first.`);
    const found = await selectOptionalUserByEmail({ email: values.as });
    if (!found) throw new Error(`No Lantern user has the email ${values.as}.`);
    const user = await selectUser({ userId: found.id });
    const session = { id: "cli", kind: "email" as const, user, effectiveUser: user, via: "header" as const, apiToken: null };
    const { course, right } = await requireExportRight({ session, unsafeCourseId: values.course }).catch(() => {
      throw new Error(`${values.as} may not export course ${values.course} (or it does not exist).`);
    });
    const audience = kind === "progsnap2" || values.research || right === "researcher" ? "research" : "staff";
    if (!mayRequest(right, kind, audience)) throw new Error(`${values.as} may not request a ${audience} ${kind} export.`);
    const project = values.project ? await ensureResearchProject({ ownerUserId: user.id, name: values.project }) : null;
    const params = exportParamsSchema.parse({
      assignmentIds: values.assignment?.length ? values.assignment : null,
      from: values.from,
      to: values.to,
      roles: values.roles ? values.roles.split(",").map((r) => r.trim()) : undefined,
      includeTestStudents: values["include-test-students"],
      code: values.code,
      projectId: project?.id ?? null,
    });
    const job = await insertExportJob({ kind, audience, courseId: course.id, requestedByUserId: user.id, params: storedParams(params) });
    const started = Date.now();
    const result = await runExportJob({ jobId: job.id, parallel: exportParallelism() });
    const done = await selectExportJob({ unsafeJobId: job.id });
    if (result.outcome !== "done" || !done.resultKey) throw new Error(`The export failed: ${done.error ?? done.message}`);
    const { body } = await storage().openRead(done.resultKey);
    await pipeline(body, createWriteStream(values.out));
    console.log(JSON.stringify({ job: done.id, kind, audience, rows: done.rowCount, bytes: done.resultBytes, sha256: done.resultSha256, seconds: (Date.now() - started) / 1000, out: values.out }));
    await handle.close();
    return 0;
  },
};
