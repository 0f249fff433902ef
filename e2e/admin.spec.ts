import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN_EMAIL, TOOL_ORIGIN } from "../playwright.config";
import { expectAccessible, unique } from "./helpers";

// Issue 13, "Done when": an admin signs in by magic link from the dev mailbox, registers a platform, grants a
// researcher role, and finds both in the audit log; a token created on the tokens page reads /api/v1/courses and is
// refused once revoked; the served OpenAPI document validates. The admin's address is in ADMIN_EMAILS
// (playwright.config.ts), so this is the first-admin path a new install takes.

async function signInByEmail(page: Page, email: string, next: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await page.getByRole("link", { name: "development mailbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Development mailbox" })).toBeVisible();
  const message = page.getByRole("article").filter({ hasText: `To ${email}` }).first();
  await expect(message.getByRole("heading", { name: "Your Lantern sign-in link" })).toBeVisible();
  await message.getByRole("link", { name: /\/api\/auth\/callback\// }).click();
}

test("an admin signs in by email link, registers a platform, grants a researcher role and sees both in the audit log", async ({ page }) => {
  test.setTimeout(120_000);
  await signInByEmail(page, E2E_ADMIN_EMAIL, "/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  await expectAccessible(page);

  // A platform, typed in as the LMS shows it (manual registration).
  const issuer = `https://${unique("moodle")}.example.edu`;
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "LMS platforms" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "LMS platforms" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/admin/platforms/new");
  await expect(page.getByRole("heading", { level: 1, name: "Register a platform" })).toBeVisible();
  await expectAccessible(page);
  // A malformed endpoint is a field error, not a failure.
  await page.getByLabel("Issuer").fill(issuer);
  await page.getByLabel("Client id").fill("client-42");
  await page.getByLabel("Name").fill("Moodle (e2e)");
  await page.getByLabel("Authentication request URL").fill("not a url");
  await page.getByLabel("Access token URL").fill(`${issuer}/mod/lti/token.php`);
  await page.getByLabel("Platform keyset (JWKS) URL").fill(`${issuer}/mod/lti/certs.php`);
  await page.getByLabel("Deployment ids").fill("1");
  await page.getByRole("button", { name: "Register platform" }).click();
  await expect(page.getByText("Enter an http(s) URL.")).toBeVisible();
  await page.getByLabel("Authentication request URL").fill(`${issuer}/mod/lti/auth.php`);
  await page.getByRole("button", { name: "Register platform" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Moodle (e2e)" })).toBeVisible();
  await expectAccessible(page);

  // Hosted Canvas from its preset: only the school's address, then the client id and deployment from Canvas.
  await page.goto("/admin/platforms/new");
  await page.getByRole("link", { name: /Use the Canvas preset/ }).click();
  const preset = page.getByRole("region", { name: "Canvas (hosted by Instructure)" });
  await preset.getByLabel("Your Canvas address").fill("not a host");
  await preset.getByRole("button", { name: "Fill in Canvas's values" }).click();
  await expect(preset.getByText("Enter your Canvas address, e.g. school.instructure.com.")).toBeVisible();
  await expectAccessible(page);
  const canvasHost = `${unique("school")}.instructure.com`;
  await preset.getByLabel("Your Canvas address").fill(`https://${canvasHost}/`);
  await preset.getByRole("button", { name: "Fill in Canvas's values" }).click();
  await expect(preset.getByRole("status")).toContainText(`Filled in for ${canvasHost}.`);
  await expect(page.getByLabel("Issuer")).toHaveValue("https://canvas.instructure.com");
  await expect(page.getByLabel("Authentication request URL")).toHaveValue("https://sso.canvaslms.com/api/lti/authorize_redirect");
  await expect(page.getByLabel("Access token URL")).toHaveValue(`https://${canvasHost}/login/oauth2/token`);
  await expect(page.getByLabel("Platform keyset (JWKS) URL")).toHaveValue("https://sso.canvaslms.com/api/lti/security/jwks");
  await page.getByLabel("Client id").fill(`1000000000${Date.now() % 10_000}`);
  await page.getByLabel("Deployment ids").fill("123:8865aa05b4b79b64a91a86042e43af5ea8ae79eb");
  await page.getByRole("button", { name: "Register platform" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Canvas (${canvasHost})` })).toBeVisible();
  await expect(page.getByText("123:8865aa05b4b79b64a91a86042e43af5ea8ae79eb")).toBeVisible();

  // A researcher granted by email: a long address must wrap in the page heading at 320 px (WCAG 1.4.10).
  const researcher = `${unique("a-researcher-with-a-rather-long-address")}@department-of-computer-science.example.edu`;
  await page.goto("/admin/users");
  await expectAccessible(page);
  const grant = page.getByRole("region", { name: "Grant a site role by email" });
  await grant.getByLabel("Email address").fill(researcher);
  await grant.getByLabel("Role").selectOption("researcher");
  await grant.getByRole("button", { name: "Grant role" }).click();
  await expect(grant.getByRole("status")).not.toBeEmpty();
  await page.getByLabel("Search", { exact: true }).fill(researcher);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row", { name: new RegExp(researcher.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  await expect(row.getByRole("cell", { name: "researcher", exact: true })).toBeVisible();
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: researcher })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /Researcher/ })).toBeChecked();
  await expectAccessible(page);

  // Both actions are in the audit log, by this admin.
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const entries = page.getByRole("table");
  await expect(entries.getByRole("row").filter({ hasText: "platform.create" }).filter({ hasText: issuer })).toHaveCount(1);
  await expect(entries.getByRole("row").filter({ hasText: /user\.(roles_change|create)/ }).filter({ hasText: researcher }).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Action", { exact: true }).fill("platform.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(entries.getByRole("row").filter({ hasText: /user\./ })).toHaveCount(0);
  await expect(entries.getByRole("row").filter({ hasText: issuer })).toHaveCount(1);
});

test("a token created on the tokens page reads /api/v1/courses and is refused once revoked; the OpenAPI document validates", async ({ page }) => {
  await signInByEmail(page, E2E_ADMIN_EMAIL, "/account/tokens");
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await expectAccessible(page);
  const name = unique("e2e script");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status").getByText(`Token “${name}” created.`)).toBeVisible();
  const token = await page.getByLabel("Your new token").inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expectAccessible(page);

  // Scripts use it without the browser's cookies.
  const api = page.context().request;
  const courses = await fetch(`${TOOL_ORIGIN}/api/v1/courses`, { headers: { authorization: `Bearer ${token}` } });
  expect(courses.status, await courses.clone().text()).toBe(200);
  const page1 = (await courses.json()) as { items: unknown[]; nextCursor: string | null };
  expect(Array.isArray(page1.items)).toBe(true);
  expect(page1).toHaveProperty("nextCursor");

  await page.reload();
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByText(/^revoked /)).toBeVisible();
  const refused = await fetch(`${TOOL_ORIGIN}/api/v1/courses`, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBeTruthy();

  // The served document, as a client would read it, is valid OpenAPI 3.1 and describes the route just used.
  const served = await api.get(`${TOOL_ORIGIN}/api/v1/openapi.json`);
  expect(served.ok()).toBe(true);
  const document = (await served.json()) as { openapi: string; paths: Record<string, unknown>; servers: { url: string }[] };
  const result = await new Validator().validate(document as Parameters<Validator["validate"]>[0]);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/courses");
  expect(document.servers[0].url).toBe(`${TOOL_ORIGIN}/api/v1`);
});
