import { afterEach, describe, expect, it } from "vitest";
import { sendSignInLink } from "@/lib/auth/email-sign-in";
import { resetEnvForTests } from "@/lib/env";
import { readDevMailbox } from "./dev-mailbox";
import { sendMail } from "./send";
import { startResendFake } from "./testing/resend-fake";

afterEach(() => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvForTests();
});

describe("sendMail", () => {
  it("sends through Resend's API when RESEND_API_KEY is set (RESEND_BASE_URL names the server)", async () => {
    const fake = await startResendFake();
    try {
      process.env.RESEND_API_KEY = "re_test_key";
      process.env.RESEND_BASE_URL = fake.url;
      resetEnvForTests();
      const expires = new Date(Date.now() + 15 * 60_000);
      await sendSignInLink({ to: "ada@example.edu", url: "https://lantern.test/api/auth/callback/resend?token=abc", expires });
      expect(fake.sent).toHaveLength(1);
      expect(fake.sent[0]).toMatchObject({ to: "ada@example.edu", subject: "Your Lantern sign-in link" });
      expect(fake.sent[0].text).toContain("https://lantern.test/api/auth/callback/resend?token=abc");
      expect(fake.sent[0].text).toContain("expires in 15 minutes");
      expect(fake.authorization[0]).toBe("Bearer re_test_key");
      expect(await readDevMailbox({ to: "ada@example.edu" })).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("keeps mail in the development mailbox without a key, newest first", async () => {
    // Other test files share DATA_DIR, so look only at this test's own addresses.
    const to = `mailbox-${Date.now()}@example.edu`;
    await sendMail({ to, subject: "One", text: "1" });
    await new Promise((r) => setTimeout(r, 5)); // distinct file-name timestamps
    const { via } = await sendMail({ to, subject: "Two", text: "2" });
    await sendMail({ to: `other-${to}`, subject: "Elsewhere", text: "3" });
    expect(via).toBe("dev-mailbox");
    expect((await readDevMailbox({ to: to.toUpperCase() })).map((m) => m.subject)).toEqual(["Two", "One"]);
  });
});
