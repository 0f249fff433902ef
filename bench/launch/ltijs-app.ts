// Bench-only peer: ltijs 5.9.9's own Express flow (its /login, its launch validation at "/", its ltik redirect and
// its session middleware), with Lantern's Postgres store plugin on its own database of the same PostgreSQL server.
// The app page says who launched into which course, from the tokens ltijs restored. Never part of the product.
//
// Run by bench/launch/index.ts: `tsx --conditions=react-server bench/launch/ltijs-app.ts` with DATABASE_URL,
// LTIJS_PORT, LTIJS_PLATFORMS (JSON: issuer, clientId, authUrl, publicKeyPem per platform). Prints "ready".
import ltijs from "ltijs";
import { LtijsPostgresPlugin } from "@/lib/lti/ltijs-plugin";

type PlatformConfig = { issuer: string; clientId: string; authUrl: string; publicKeyPem: string; name: string };

type Provider = {
  setup(key: string, db: { plugin: unknown }, options: Record<string, unknown>): Provider;
  deploy(options: Record<string, unknown>): Promise<boolean>;
  onConnect(cb: (token: IdToken, req: unknown, res: { send(body: string): void }) => unknown): void;
  registerPlatform(config: Record<string, unknown>): Promise<unknown>;
};
type IdToken = { user: string; userInfo?: { name?: string }; platformContext?: { context?: { title?: string } ; roles?: string[] } };

const lti = (ltijs as unknown as { Provider: Provider }).Provider;
const port = Number(process.env.LTIJS_PORT);
const platforms = JSON.parse(process.env.LTIJS_PLATFORMS ?? "[]") as PlatformConfig[];

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

lti.setup(
  "bench-ltijs-encryption-key-0123456789abcdef",
  { plugin: new LtijsPostgresPlugin() },
  {
    // As in an LMS iframe (ltijs' documented setting for cross-site cookies).
    cookies: { secure: true, sameSite: "None" },
    devMode: false,
    // The same token age Lantern accepts (ltijs' 10 s default would refuse tokens under heavy load).
    tokenMaxAge: 150,
  },
);

lti.onConnect((token, _req, res) => {
  const name = token.userInfo?.name ?? token.user;
  const course = token.platformContext?.context?.title ?? "";
  const staff = token.platformContext?.roles?.some((r) => r.endsWith("#Instructor")) ? "staff" : "student";
  res.send(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(course)}</title></head>` +
      `<body><main><h1>${escapeHtml(course)}</h1><p>Signed in as ${escapeHtml(name)} (${staff}).</p></main></body></html>`,
  );
});

await lti.deploy({ port, silent: true });
for (const p of platforms) {
  // RSA_KEY: ltijs' fastest configuration (JWK_SET would download the keyset on every launch).
  await lti.registerPlatform({
    url: p.issuer,
    name: p.name,
    clientId: p.clientId,
    authenticationEndpoint: p.authUrl,
    accesstokenEndpoint: `${p.issuer}/token`,
    authConfig: { method: "RSA_KEY", key: p.publicKeyPem },
  });
}
console.log("ready");
