import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, LMS_ORIGIN, systemChromium, TOOL_ORIGIN } from "../playwright.config";
import { expectAccessible, signIn, unique } from "./helpers";

// Lantern inside the dev LMS's iframe with every Lantern cookie refused, as in Safari or a browser that blocks all
// third-party cookies (Chromium still accepts partitioned cookies, so the refusal is simulated at the network layer:
// Lantern's Set-Cookie headers never reach the browser). The launch must then bind its state through the LMS's
// platform storage and keep the session with the launch-bound `lt` token.

// Responses fulfilled by Playwright count as coming from the public internet, so Chromium's Local Network Access
// checks would then block the iframe's navigation to the (loopback) LMS: switch those checks off for this file.
test.use({
  launchOptions: {
    executablePath: systemChromium,
    args: [...CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
  },
});

async function blockToolCookies(context: BrowserContext) {
  await context.route(`${TOOL_ORIGIN}/**`, async (route) => {
    // allHeaders(): the Sec-Fetch-* headers too (proxy.ts reads Sec-Fetch-Dest).
    const response = await route.fetch({ headers: { ...(await route.request().allHeaders()), cookie: "" }, maxRedirects: 0 });
    // route.fetch files Set-Cookie into the context's jar: empty it again so no tool cookie survives anywhere.
    await context.clearCookies({ domain: new URL(TOOL_ORIGIN).hostname });
    const headers = { ...response.headers() };
    delete headers["set-cookie"];
    // route.fetch hands back the decoded body; keep the browser from decoding it twice.
    delete headers["content-encoding"];
    delete headers["content-length"];
    await route.fulfill({ response, headers });
  });
}

// A page may still be prefetching links (Next's router) when its test ends: drop those in-flight routes quietly
// instead of failing the run with "route.fetch: Test ended".
test.afterEach(async ({ context }) => {
  await context.unrouteAll({ behavior: "ignoreErrors" });
});

async function register(page: Page) {
  await page.goto(`${LMS_ORIGIN}/dev/lms/tools`);
  await page.getByRole("button", { name: "Register the tool" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The tool closed the registration window" })).toBeVisible();
}

const toolFrame = (page: Page) => page.frameLocator('iframe[name="lti_tool"]');

test("cookies blocked + platform storage: the launch lands in the course, signed in by the lt token", async ({ page, context }) => {
  await register(page);
  await blockToolCookies(context);
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-nocookie")}`);
  await page.getByLabel("Offer platform storage (lti_storage_target)").check();
  await page.getByRole("button", { name: "Launch as Instructor", exact: true }).click();
  await expect.poll(() => page.frame({ name: "lti_tool" })?.url() ?? "").toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/[^?]+\\?lt=`));
  // The course page rendered for a signed-in user (proxy.ts turned lt into a Bearer header): no sign-in prompt.
  await expect(toolFrame(page).getByRole("heading", { level: 1 })).toBeVisible();
  await expect(toolFrame(page).locator("body")).not.toContainText("could not be verified");
  await expect(toolFrame(page).getByRole("button", { name: /sign out/i })).toBeVisible();
  expect((await context.cookies(TOOL_ORIGIN)).filter((c) => c.name.startsWith("lantern"))).toEqual([]);
  // The bridge took the token the launch handed over (a same-origin redirect inside the frame) for later fetches.
  const frame = page.frame({ name: "lti_tool" })!;
  const lt = new URL(frame.url()).searchParams.get("lt");
  expect(await frame.evaluate(() => sessionStorage.getItem("lantern_lt"))).toBe(lt);
});

test("a crafted ?lt= link does not swap a signed-in reader into another person's session", async ({ page, request }) => {
  await signIn(page, { key: unique("e2e-reader"), name: "Reader" });
  const other = await request.post("/api/test/login", { data: { key: unique("e2e-other"), name: "Other" } });
  const { token } = (await other.json()) as { token: string };
  await page.goto(`${TOOL_ORIGIN}/?lt=${encodeURIComponent(token)}`);
  await expect.poll(() => page.url()).not.toContain("lt=");
  expect(await page.evaluate(() => sessionStorage.getItem("lantern_lt"))).toBeNull();
});

test("cookies blocked and no platform storage: a clear refusal with 'Open Lantern in a new window'", async ({ page, context }) => {
  await register(page);
  await blockToolCookies(context);
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-nostorage")}`);
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  const frame = toolFrame(page);
  await expect(frame.getByRole("heading", { name: /This launch could not be verified/ })).toBeVisible();
  await expect(frame.getByText("state_not_bound")).toBeVisible();
  await expect(frame.getByRole("link", { name: "Open Lantern in a new window" })).toHaveAttribute("target", "_blank");
});

test("cookies allowed: the launch signs in with the partitioned session cookie", async ({ page, context }) => {
  await register(page);
  await page.goto(`${LMS_ORIGIN}/dev/lms?context=${unique("e2e-cookie")}`);
  await page.getByRole("button", { name: "Launch as Student", exact: true }).click();
  await expect.poll(() => page.frame({ name: "lti_tool" })?.url() ?? "").toMatch(new RegExp(`^${TOOL_ORIGIN}/courses/`));
  await expect(toolFrame(page).getByRole("heading", { level: 1 })).toBeVisible();
  const session = (await context.cookies(TOOL_ORIGIN)).find((c) => c.name === "lantern_session");
  expect(session).toMatchObject({ secure: true, sameSite: "None", httpOnly: true });
});

test("a forged launch gets the refusal page, which is accessible", async ({ page }) => {
  await page.setContent(
    `<form method="post" action="${TOOL_ORIGIN}/lti/launch"><input name="id_token" value="a.b.c"><input name="state" value="x"><button>Go</button></form>`,
  );
  await page.getByRole("button", { name: "Go" }).click();
  await expect(page.getByRole("heading", { name: /This launch could not be verified/ })).toBeVisible();
  await expect(page.getByText("Reason code:")).toBeVisible();
  await expectAccessible(page);
});
