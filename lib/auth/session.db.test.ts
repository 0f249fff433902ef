import { describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { withTestDatabase } from "@/db/testing/test-database";
import { createSession, createSessions, endSession, resolveRequestSession, resolveSessionToken } from "./session";

// endSession clears the cookie through next/headers, which only exists inside a request.
vi.mock("next/headers", () => ({ cookies: async () => ({ delete: () => {} }), headers: async () => new Headers() }));

const { handle } = withTestDatabase();

async function user(name: string) {
  const [row] = await handle().db.insert(users).values({ name }).returning();
  return row;
}

/** What an LTI launch issues (lib/lti/launch.ts): a cookie session and the launch-bound `lt` token. */
async function launchSessions(userId: string) {
  const [cookie, lt] = await createSessions([
    { userId, kind: "lti" },
    { userId, kind: "lti", ttlMs: 2 * 60 * 60 * 1000 },
  ]);
  return { cookie: cookie.token, lt: lt.token };
}

describe("sign-out", () => {
  it("ends every credential issued with the session: the cookie and the launch token", async () => {
    const ada = await user("Ada");
    const launch = await launchSessions(ada.id);
    const elsewhere = await createSession({ userId: ada.id, kind: "email" });
    const session = (await resolveRequestSession({ bearer: launch.lt, cookie: launch.cookie }))!;
    expect(session.via).toBe("header");
    await endSession(session);
    expect(await resolveSessionToken(launch.lt, "header")).toBeNull();
    expect(await resolveSessionToken(launch.cookie, "cookie")).toBeNull();
    // A sign-in on another device is a different grant and stays.
    expect(await resolveSessionToken(elsewhere.token, "cookie")).not.toBeNull();
  });

  it("through the cookie session ends the launch token too", async () => {
    const ada = await user("Ada");
    const launch = await launchSessions(ada.id);
    await endSession((await resolveRequestSession({ cookie: launch.cookie }))!);
    expect(await resolveSessionToken(launch.lt, "header")).toBeNull();
  });
});

describe("a request's cookie and Bearer token", () => {
  it("are refused with a 409 when they name different users", async () => {
    const ada = await user("Ada");
    const eve = await user("Eve");
    const adas = await launchSessions(ada.id);
    const eves = await launchSessions(eve.id);
    await expect(resolveRequestSession({ bearer: eves.lt, cookie: adas.cookie })).rejects.toMatchObject({
      status: 409,
      code: "credential_conflict",
    });
  });

  it("resolve to the Bearer session for one user, and to the cookie when the Bearer token is dead", async () => {
    const ada = await user("Ada");
    const first = await launchSessions(ada.id);
    const second = await launchSessions(ada.id);
    expect(await resolveRequestSession({ bearer: second.lt, cookie: first.cookie })).toMatchObject({ via: "header", user: { id: ada.id } });
    expect(await resolveRequestSession({ bearer: "expired-or-unknown", cookie: first.cookie })).toMatchObject({ via: "cookie", user: { id: ada.id } });
    expect(await resolveRequestSession({})).toBeNull();
  });
});
