import { describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/db/testing/test-database";
import { insertCourse } from "@/lib/models/courses";
import { ensureEnrollment } from "@/lib/models/enrollments";
import { deleteSessionGrant } from "@/lib/models/sessions";
import { insertUser } from "@/lib/models/users";
import { signedDownloadHref, verifyDownloadSignature } from "./download-link";
import { handler } from "./handler";
import { createSession } from "./session";

// The download manager sends no cookie and no Authorization header: next/headers sees an empty request.
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined }),
}));

withTestDatabase();

const ORIGIN = "http://localhost:3000";
const download = handler({ access: { courseRoles: ["instructor"] }, downloadLink: true }, async ({ authz }) => new Response(`zip of ${authz.course.id}`));
const plain = handler({ access: { courseRoles: ["instructor"] } }, async () => new Response("zip"));
const params = (courseId: string) => ({ params: Promise.resolve({ courseId }) });

async function instructor() {
  const course = await insertCourse({ values: { title: "C", code: null } });
  const user = await insertUser({ values: { name: "T", email: null, isTestUser: false } });
  await ensureEnrollment({ courseId: course.id, userId: user.id, role: "instructor", source: "manual" });
  const { sessionId } = await createSession({ userId: user.id, kind: "test" });
  return { course, session: { id: sessionId } };
}

describe("signed download links", () => {
  it("let a credential-less GET of exactly that path through as the session, while the session lasts", async () => {
    const { course, session } = await instructor();
    const path = `/api/courses/${course.id}/content`;
    const href = signedDownloadHref(path, session);
    const ok = await download(new Request(ORIGIN + href), params(course.id));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(`zip of ${course.id}`);

    // Signed out: the link dies with the session.
    await deleteSessionGrant({ sessionId: session.id });
    expect((await download(new Request(ORIGIN + href), params(course.id))).status).toBe(401);
  });

  it("are refused on another path, another method, a route that did not opt in, or when tampered with", async () => {
    const { course, session } = await instructor();
    const other = await instructor();
    const href = signedDownloadHref(`/api/courses/${course.id}/content`, session);
    const sig = new URL(ORIGIN + href).searchParams.get("dl")!;
    // The same signature on another course's path.
    const moved = `/api/courses/${other.course.id}/content?dl=${sig}`;
    expect((await download(new Request(ORIGIN + moved), params(other.course.id))).status).toBe(401);
    expect((await download(new Request(ORIGIN + href, { method: "POST", headers: { origin: ORIGIN } }), params(course.id))).status).toBe(401);
    expect((await plain(new Request(ORIGIN + href), params(course.id))).status).toBe(401);
    const [id, exp, mac] = sig.split(".");
    const tampered = `/api/courses/${course.id}/content?dl=${id}.${Number(exp) + 3600}.${mac}`;
    expect((await download(new Request(ORIGIN + tampered), params(course.id))).status).toBe(401);
  });

  it("expire", () => {
    const path = "/api/exports/x/download";
    const href = signedDownloadHref(path, { id: "00000000-0000-4000-8000-000000000000" }, Date.UTC(2026, 0, 1));
    const sig = new URL(ORIGIN + href).searchParams.get("dl");
    expect(verifyDownloadSignature(sig, path, Date.UTC(2026, 0, 1, 0, 29))).toBe("00000000-0000-4000-8000-000000000000");
    expect(verifyDownloadSignature(sig, path, Date.UTC(2026, 0, 1, 0, 31))).toBeNull();
    expect(verifyDownloadSignature("a.b.c", path)).toBeNull();
    expect(verifyDownloadSignature(null, path)).toBeNull();
  });
});
