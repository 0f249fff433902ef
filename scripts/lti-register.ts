// `npm run lti:register -- …`: manual LTI 1.3 registration until the admin pages exist (options: USAGE below).
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { systemAuthz } from "@/lib/auth/authz";
import { createConsumerKey, listConsumerKeys, setConsumerKeyActive } from "@/lib/admin/lti11-consumers";
import { addDeployment, rotateToolKeyAudited, savePlatform, setPlatformActive } from "@/lib/admin/platforms";
import { selectDeployments, selectOptionalPlatform, selectPlatforms } from "@/lib/models/lti-platforms";
import { selectOptionalCourse } from "@/lib/models/courses";
import { selectOptionalLtiContext, updateContextCourse } from "@/lib/models/lti-launches";
import { toolUrls } from "@/lib/lti/tool-config";
import { canvasCloudEndpoints, canvasHost } from "@/lib/lti/canvas-cloud";
import { parseCliArgs } from "./commands/cli-args";

const USAGE = `Manual LTI 1.3 registration: npm run lti:register -- <options>
  --list                                   show registered platforms and deployments
  --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL [--name TEXT] [--deployment ID]…
  --preset canvas --client-id ID --canvas-host school.instructure.com [--deployment ID]…   (Canvas cloud endpoints)
  --issuer URL --client-id ID --deployment ID     add a deployment to a registered platform
  --issuer URL --client-id ID --activate | --deactivate
  --issuer URL --client-id ID --link-context CONTEXT_ID --course COURSE_ID
                                           send an LMS course's launches to an existing Lantern course (several
                                           LMS sections or terms can share one Lantern course)
  --rotate-key                              new tool signing key (the previous stays in /lti/jwks for 7 days)
  --lti11 --key KEY [--name TEXT]           new LTI 1.1 consumer key; prints its shared secret once
  --lti11 --key KEY --activate | --deactivate
  --lti11 --list                            LTI 1.1 consumer keys`;

const { values } = parseCliArgs(USAGE, {
  options: {
    list: { type: "boolean" },
    preset: { type: "string" },
    "canvas-host": { type: "string" },
    issuer: { type: "string" },
    "client-id": { type: "string" },
    "auth-url": { type: "string" },
    "token-url": { type: "string" },
    "jwks-url": { type: "string" },
    name: { type: "string" },
    deployment: { type: "string", multiple: true },
    "link-context": { type: "string" },
    course: { type: "string" },
    activate: { type: "boolean" },
    deactivate: { type: "boolean" },
    "rotate-key": { type: "boolean" },
    lti11: { type: "boolean" },
    key: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

// Changes made here are recorded in the audit log as the command line's.
const authz = systemAuthz("cli");

async function main() {
  const handle = getDatabase();
  if ((await migrationStatus(handle)) !== "current") {
    fail("The database is not migrated: run `npm run db:migrate` (or start Lantern once) first.");
  }
  if (handle.driver === "pglite") {
    // PGlite has no cross-process lock: a running server on the same directory would lose this write or corrupt it.
    console.warn("Embedded database: make sure Lantern (npm run dev / start) is stopped while this runs.");
  }
  if (values.lti11) return lti11();
  if (values["rotate-key"]) {
    const { kid } = await rotateToolKeyAudited({ authz });
    console.log(`New tool key ${kid}; the previous key stays published for 7 days.`);
    return;
  }
  if (values.list) {
    for (const p of await selectPlatforms()) {
      const deployments = (await selectDeployments({ platformId: p.id })).map((d) => d.deploymentId);
      console.log(`${p.active ? "active  " : "inactive"} ${p.issuer}  client ${p.clientId}  (${p.name}, ${p.registeredVia})`);
      console.log(`         deployments: ${deployments.join(", ") || "none — launches will be refused"}`);
    }
    const urls = toolUrls();
    console.log(`\nTool URLs: login ${urls.login} · launch ${urls.launch} · jwks ${urls.jwks}`);
    return;
  }
  if (values.preset === "canvas") {
    // Canvas cloud: one issuer and SSO host for every school; the token endpoint is the school's own host.
    const given = values["canvas-host"] ?? fail("--preset canvas needs --canvas-host (e.g. school.instructure.com)");
    const host = canvasHost(given) ?? fail(`--canvas-host ${given} is not a Canvas address (e.g. school.instructure.com).`);
    const canvas = canvasCloudEndpoints({ host });
    values.issuer ??= canvas.issuer;
    values["auth-url"] ??= canvas.authLoginUrl;
    values["jwks-url"] ??= canvas.jwksUrl;
    values["token-url"] ??= canvas.authTokenUrl;
    values.name ??= canvas.name;
  } else if (values.preset) {
    fail(`Unknown preset ${values.preset} (known: canvas).`);
  }
  const issuer = values.issuer ?? fail("--issuer is required (or --list / --rotate-key).");
  const clientId = values["client-id"] ?? fail("--client-id is required.");

  let platform = await selectOptionalPlatform({ issuer, clientId });
  const endpoints = [values["auth-url"], values["token-url"], values["jwks-url"]];
  if (endpoints.every(Boolean)) {
    platform = await savePlatform({
      authz,
      values: {
        issuer,
        clientId,
        name: values.name ?? new URL(issuer).host,
        authLoginUrl: values["auth-url"]!,
        authTokenUrl: values["token-url"]!,
        jwksUrl: values["jwks-url"]!,
        active: platform?.active ?? true,
      },
    });
    console.log(`Registered ${issuer} (client ${clientId}).`);
  } else if (!platform) {
    fail("Unknown platform: give --auth-url, --token-url and --jwks-url to register it.");
  }
  for (const deploymentId of values.deployment ?? []) {
    await addDeployment({ authz, platformId: platform.id, deploymentId });
    console.log(`Deployment ${deploymentId} added.`);
  }
  if (values["link-context"]) {
    const context = await selectOptionalLtiContext({ platformId: platform.id, contextId: values["link-context"] });
    if (!context) fail(`No launch from context ${values["link-context"]} yet: launch once from that LMS course first.`);
    const course = await selectOptionalCourse({ unsafeCourseId: values.course ?? fail("--link-context needs --course.") });
    if (!course) fail(`No Lantern course ${values.course}.`);
    await updateContextCourse({ contextRowId: context.id, courseId: course.id });
    console.log(`LMS context ${context.contextId} now opens Lantern course "${course.title}".`);
  }
  if (values.activate || values.deactivate) {
    await setPlatformActive({ authz, platformId: platform.id, active: Boolean(values.activate) });
    console.log(values.activate ? "Activated." : "Deactivated.");
  }
}

/** LTI 1.1 consumer keys (lib/admin/lti11-consumers.ts). */
async function lti11() {
  const urls = toolUrls();
  if (values.list) {
    for (const c of await listConsumerKeys({ authz })) {
      const seen = c.lastLaunchAt ? `last launch ${c.lastLaunchAt.toISOString()}${c.productFamily ? ` from ${c.productFamily}` : ""}` : "no launch yet";
      console.log(`${c.active ? "active  " : "inactive"} ${c.consumerKey}  (${c.name}; ${seen})`);
    }
    console.log(`\nLTI 1.1 launch URL ${urls.base}/lti/1.1/launch · Canvas XML ${urls.base}/lti/1.1/canvas.xml · cartridge ${urls.base}/lti/1.1/cartridge.xml`);
    console.log(`Moving courses to LTI 1.3: ${urls.base}/lti/1.1/move-to-1.3`);
    return;
  }
  const consumerKey = values.key ?? fail("--lti11 needs --key KEY (or --list).");
  if (values.activate || values.deactivate) {
    await setConsumerKeyActive({ authz, consumerKey, active: Boolean(values.activate) });
    console.log(values.activate ? `Consumer key ${consumerKey} activated.` : `Consumer key ${consumerKey} deactivated.`);
    return;
  }
  const { secret } = await createConsumerKey({ authz, consumerKey, name: values.name }).catch((error: Error) => fail(error.message));
  console.log(`LTI 1.1 consumer key: ${consumerKey}`);
  console.log(`Shared secret:        ${secret}`);
  console.log("The secret is shown only now (Lantern keeps it encrypted). Enter both in the LMS, with:");
  console.log(`  launch URL ${urls.base}/lti/1.1/launch   (Canvas: paste ${urls.base}/lti/1.1/canvas.xml as the configuration URL;`);
  console.log(`  other LMSs: the cartridge URL ${urls.base}/lti/1.1/cartridge.xml)`);
}

try {
  await main();
} finally {
  await getDatabase().close();
}
