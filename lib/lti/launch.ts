import { isStaffRole } from "@/lib/auth/roles";
import { createSessions, SESSION_COOKIE } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sameJson } from "@/lib/same-json";
import { clearStateCookie, storageKey } from "./binding";
import { CLAIM, DEEP_LINKING_REQUEST, isCourseNavigationLaunch } from "./claims";
import { createDeepLinkRequest } from "./deep-linking";
import { readLtiParams } from "./form";
import { escapeHtml, scriptPage, scriptJson } from "./html";
import { LAUNCH_TOKEN_PARAM } from "./launch-token";
import { systemAuthz } from "@/lib/auth/authz";
import { requeueWaitingForUser } from "@/lib/models/grade-outbox";
import { ensureLmsDatesFromLaunch } from "@/lib/models/submissions";
import { notifyGradeChanges } from "@/lib/passback/notify";
import { lmsDatesFromCustom } from "./lms-dates";
import { provisionLaunch, type Provisioned } from "./provision";
import { LaunchRefusal, refusalResponse } from "./refusal";
import { verifyLaunch, type NeedsStorage, type VerifiedLaunch } from "./verify";

/**
 * Lifetime of the launch-bound token appended as `?lt=` to the landing URL. It stands in for the session cookie
 * when the browser blocks third-party cookies in the LMS iframe (proxy.ts turns it into `Authorization: Bearer`),
 * so it is kept shorter than a cookie session: a relaunch from the LMS issues a fresh one.
 */
export const LAUNCH_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

/** Where a verified launch lands (a path inside Lantern). */
export async function launchDestination(launch: VerifiedLaunch, provisioned: Provisioned): Promise<string> {
  const courseId = provisioned.context.courseId;
  if (launch.claims[CLAIM.messageType] === DEEP_LINKING_REQUEST) {
    if (!isStaffRole(provisioned.role)) {
      throw new LaunchRefusal("role_not_allowed", `Deep Linking by a ${provisioned.role}.`);
    }
    const { token } = await createDeepLinkRequest(launch, provisioned);
    return `/lti/deep-link/${token}`;
  }
  const link = provisioned.resourceLink;
  // Resource link to an assignment → its page (students see their work, staff the staff view).
  if (link?.assignmentId) return `/courses/${courseId}/assignments/${link.assignmentId}`;
  // A link made in the LMS without Deep Linking names no assignment: staff connect it to one (once), students wait
  // on the course dashboard. The course navigation placement → the course dashboard.
  if (link && isStaffRole(provisioned.role) && !isCourseNavigationLaunch(launch.claims)) return `/courses/${courseId}/lms-links/${link.id}`;
  return `/courses/${courseId}`;
}

function sessionCookie(token: string, expiresAt: Date): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Expires=${expiresAt.toUTCString()}; HttpOnly; Secure; SameSite=None; Partitioned`;
}

/** POST /lti/launch: verify, provision, start a session, and send the browser where the launch points. */
export async function handleLaunch(req: Request): Promise<Response> {
  try {
    if (req.method !== "POST") throw new LaunchRefusal("malformed_request", "A launch must be a form POST.");
    const params = await readLtiParams(req);
    // An OIDC error response instead of an id_token (OIDC Core §3.1.2.6), e.g. login_required.
    if (params.error) {
      throw new LaunchRefusal("platform_error", `${params.error.slice(0, 100)}: ${(params.error_description ?? "").slice(0, 300)}`);
    }
    const result = await verifyLaunch(params, req.headers.get("cookie"));
    if (result.kind === "needs_storage") return storageGetPage(result, params);

    const provisioned = await provisionLaunch(result);
    const response = await completeLaunch(result, provisioned);
    response.headers.append("set-cookie", clearStateCookie(result.state));
    return response;
  } catch (error) {
    if (error instanceof LaunchRefusal) return refusalResponse(error, { step: "launch" });
    throw error;
  }
}

/**
 * The end of every verified launch, LTI 1.3 or 1.1 (lib/lti11/launch.ts): route, record the LMS's dates, requeue
 * grades that waited for this student's LMS identity, open the cookie and launch-token sessions, and redirect.
 */
export async function completeLaunch(
  result: VerifiedLaunch,
  provisioned: Provisioned,
  { destination }: { destination?: string } = {},
): Promise<Response> {
  const path = destination ?? (await launchDestination(result, provisioned));
  const assignmentId = provisioned.resourceLink?.assignmentId;
  const { work, waitingGrades } = provisioned.known;
  if (assignmentId && provisioned.role === "student") {
    const dates = lmsDatesFromCustom(result.claims[CLAIM.custom]);
    // Written when the work row is missing or the LMS moved a date; a relaunch with the same dates writes nothing.
    if (!work || !sameJson(work.lmsDueAt, dates.dueAt) || !sameJson(work.lmsLockAt, dates.lockAt)) {
      await ensureLmsDatesFromLaunch(systemAuthz(), { courseId: provisioned.context.courseId, assignmentId, userId: provisioned.user.id, ...dates });
    }
  }
  // The launch may have given this student the LMS identity their waiting grades needed (the launch's lookup saw
  // whether any wait, so the usual launch sends no statement for it).
  if (waitingGrades) {
    const requeued = await requeueWaitingForUser(systemAuthz(), { userId: provisioned.user.id });
    if (requeued.length > 0) await notifyGradeChanges(requeued);
  }
  const [cookieSession, urlSession] = await createSessions([
    { userId: provisioned.user.id, kind: "lti" },
    { userId: provisioned.user.id, kind: "lti", ttlMs: LAUNCH_TOKEN_TTL_MS },
  ]);
  log.info("lti launch", {
    platform: result.platform.issuer,
    messageType: result.claims[CLAIM.messageType],
    userId: provisioned.user.id,
    courseId: provisioned.context.courseId,
    role: provisioned.role,
  });
  const location = new URL(path, env().APP_URL);
  location.searchParams.set(LAUNCH_TOKEN_PARAM, urlSession.token);
  const headers = new Headers({ location: location.toString(), "cache-control": "no-store" });
  headers.append("set-cookie", sessionCookie(cookieSession.token, cookieSession.expiresAt));
  return new Response(null, { status: 303, headers });
}

/**
 * Third-party cookies are blocked but the platform offered client-side storage: read the binding secret back with
 * lti.get_data (https://www.imsglobal.org/spec/lti-pm-s/v0p1) and re-post the launch with it. The login is not
 * consumed until then.
 */
async function storageGetPage(pending: NeedsStorage, params: Record<string, string>): Promise<Response> {
  const { loginState, platform } = pending;
  const relaunch = `${env().APP_URL}/lti/login?${new URLSearchParams(loginState.loginParams)}`;
  const config = scriptJson({
    target: loginState.storageTarget,
    origin: new URL(platform.authLoginUrl).origin,
    key: storageKey(params.state),
  });
  return scriptPage({
    title: "Connecting to Lantern…",
    body: `<form id="relaunch" method="post" action="/lti/launch">
<input type="hidden" name="id_token" value="${escapeHtml(params.id_token)}">
<input type="hidden" name="state" value="${escapeHtml(params.state)}">
<input type="hidden" name="lti_storage_binding" value=""></form>
<p id="wait">Connecting to Lantern…</p>
<div id="failed" hidden><h1>This launch could not be verified: your browser blocked the information Lantern needs.</h1>
<p>Reason code: <code>state_not_bound</code>. Lantern can still open in its own window.</p>
<p><a class="button" href="${escapeHtml(relaunch)}" target="_blank" rel="noopener">Open Lantern in a new window</a></p></div>`,
    script: `(function(){var c=${config};var f=document.getElementById("relaunch");var over=false;
function fail(){if(over)return;over=true;document.getElementById("wait").hidden=true;document.getElementById("failed").hidden=false;}
try{var t=c.target==="_parent"?window.parent:window.parent.frames[c.target];var id="get-"+Math.random().toString(36).slice(2);
window.addEventListener("message",function(e){var d=e.data;if(over||e.origin!==c.origin||!d||d.message_id!==id)return;
if(d.subject==="lti.get_data.response"&&typeof d.value==="string"&&d.value){over=true;f.elements.lti_storage_binding.value=d.value;f.submit();}else fail();});
t.postMessage({subject:"lti.get_data",message_id:id,key:c.key},c.origin);}catch(e){fail();}
setTimeout(fail,3000);})();`,
  });
}
