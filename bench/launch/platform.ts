// The bench's LMS: a loopback HTTP platform with two issuers (one sends Canvas-shaped claims, one Moodle-shaped),
// each with its own RS256 key. It serves what a tool calls (the JWKS) and what the browser is sent to (the OIDC
// authorization endpoint, answering with the auto-posting form a real LMS returns). Bench-only: never product code.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import http from "node:http";
import { CLAIM } from "@/lib/lti/claims";
import { canvasAssignmentLaunch, moodleActivityLaunch } from "@/lib/lti/testing/platform-tokens";

export type Shape = "canvas" | "moodle";

/** One tool registered at both issuers (Lantern, or the ltijs peer app). */
export type ToolRegistration = { clientId: string; deploymentId: string; redirectUris: string[]; target: string };

/** What the browser's login_hint / lti_message_hint name: who launches, into which course. */
export type LaunchPlan = { shape: Shape; sub: string; course: number; instructor: boolean; name: string };

type Issuer = { shape: Shape; issuer: string; kid: string; privateKey: KeyObject; jwk: Record<string, unknown>; publicKeyPem: string };

const INSTRUCTOR_ROLES = [
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty",
];
const LEARNER_ROLES = {
  canvas: [
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#User",
  ],
  moodle: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
};

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** RS256 compact JWS (what jose's SignJWT produces, without its async overhead on the bench's own CPU budget). */
function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const input = `${b64url(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(key).toString("base64url")}`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

export class BenchPlatform {
  readonly origin: string;
  readonly issuers: Record<Shape, Issuer>;
  readonly tools = new Map<string, ToolRegistration>();
  readonly #server: http.Server;
  /** Launches prepared by `prepare()`, consumed by the authorization request (single use, like a real LMS). */
  readonly #plans = new Map<string, LaunchPlan>();

  constructor(readonly port: number) {
    this.origin = `http://127.0.0.1:${port}`;
    const issuer = (shape: Shape): Issuer => {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const kid = `${shape}-${randomUUID()}`;
      const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
      return { shape, issuer: `${this.origin}/${shape}`, kid, privateKey, jwk, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
    };
    this.issuers = { canvas: issuer("canvas"), moodle: issuer("moodle") };
    this.#server = http.createServer((req, res) => this.#handle(req, res).catch((error) => {
      res.writeHead(500).end(String(error));
    }));
    this.#server.keepAliveTimeout = 60_000;
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.#server.listen(this.port, "127.0.0.1", resolve));
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  register(tool: ToolRegistration): void {
    this.tools.set(tool.clientId, tool);
  }

  /** Platform-side start of a launch; returns the login initiation parameters the LMS posts to the tool. */
  prepare(plan: LaunchPlan, tool: ToolRegistration, loginUrl: string): { url: string; params: Record<string, string> } {
    const hint = randomUUID();
    this.#plans.set(hint, plan);
    return {
      url: loginUrl,
      params: {
        iss: this.issuers[plan.shape].issuer,
        login_hint: plan.sub,
        target_link_uri: tool.target,
        client_id: tool.clientId,
        lti_message_hint: hint,
        lti_deployment_id: tool.deploymentId,
      },
    };
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    const [, shape, endpoint] = url.pathname.split("/") as [string, Shape, string];
    const issuer = this.issuers[shape];
    if (!issuer) return void res.writeHead(404).end();
    if (endpoint === "jwks") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [issuer.jwk] }));
      return;
    }
    if (endpoint !== "auth") return void res.writeHead(404).end();
    // OIDC authorization endpoint (Security Framework §5.1.1.2–3): the same checks a real LMS makes.
    const q = url.searchParams;
    const tool = this.tools.get(q.get("client_id") ?? "");
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!tool || !tool.redirectUris.includes(redirectUri)) return void res.writeHead(400).end("unknown client or redirect_uri");
    const plan = this.#plans.get(q.get("lti_message_hint") ?? "");
    this.#plans.delete(q.get("lti_message_hint") ?? "");
    const bad =
      q.get("response_type") !== "id_token" || q.get("response_mode") !== "form_post" || q.get("prompt") !== "none" ||
      !q.get("scope")?.split(" ").includes("openid") || !q.get("nonce") || !q.get("state") || !plan ||
      plan.shape !== shape || q.get("login_hint") !== plan.sub;
    if (bad) return void res.writeHead(400).end("bad authentication request");
    const idToken = signJwt(this.#claims(issuer, tool, plan, q.get("nonce")!), issuer.privateKey, issuer.kid);
    const fields = { id_token: idToken, state: q.get("state")! };
    const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeAttr(v)}">`).join("");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(`<!doctype html><form method="post" action="${escapeAttr(redirectUri)}">${inputs}</form><script>document.forms[0].submit()</script>`);
  }

  /** Canvas- or Moodle-shaped claims for this user and course (field for field as those LMSs send them). */
  #claims(issuer: Issuer, tool: ToolRegistration, plan: LaunchPlan, nonce: string): Record<string, unknown> {
    const common = { issuer: issuer.issuer, clientId: tool.clientId, deploymentId: tool.deploymentId, nonce, target: tool.target };
    const claims = plan.shape === "canvas" ? canvasAssignmentLaunch(common) : moodleActivityLaunch(common);
    const course = `${plan.shape}-course-${plan.course}`;
    const context = claims[CLAIM.context] as Record<string, unknown>;
    const link = claims[CLAIM.resourceLink] as Record<string, unknown>;
    const [given, family] = plan.name.split(" ");
    return {
      ...claims,
      sub: plan.sub,
      name: plan.name,
      given_name: given,
      family_name: family,
      email: `${plan.sub}@example.edu`,
      [CLAIM.roles]: plan.instructor ? INSTRUCTOR_ROLES : LEARNER_ROLES[plan.shape],
      [CLAIM.context]: { ...context, id: course, label: `CS${plan.course}`, title: `Course ${plan.course} (${plan.shape})` },
      [CLAIM.resourceLink]: { ...link, id: `${course}-lab-1`, title: "Loops lab" },
    };
  }
}
