import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { platformKeyObject, PlatformKeyError, setPlatformKeyFetch } from "./platform-keys";

const URL_A = "https://lms.test/jwks";

function jwk(kid: string) {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
}

/** A platform keyset we can change, counting fetches; `gate` holds responses back until released. */
function keyset(kids: string[], options: Parameters<typeof setPlatformKeyFetch>[1] = {}) {
  const published = kids.map(jwk);
  let fetches = 0;
  let gate: Promise<void> | undefined;
  setPlatformKeyFetch(async () => {
    fetches++;
    const snapshot = [...published]; // what the platform served when the request reached it
    if (gate) await gate;
    return Response.json({ keys: snapshot });
  }, options);
  return {
    publish: (kid: string) => published.unshift(jwk(kid)),
    fetches: () => fetches,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const reason = (promise: Promise<unknown>) => promise.then(() => "ok", (e) => (e instanceof PlatformKeyError ? e.reason : String(e)));

afterEach(() => setPlatformKeyFetch(undefined));

describe("platform keys", () => {
  it("fetches the keyset once for many launches", async () => {
    const lms = keyset(["k1"]);
    for (let i = 0; i < 5; i++) await platformKeyObject(URL_A, "k1");
    expect(lms.fetches()).toBe(1);
  });

  it("finds a freshly rotated key that arrives seconds after an unrelated refetch", async () => {
    const lms = keyset(["k1"]);
    await platformKeyObject(URL_A, "k1");
    expect(await reason(platformKeyObject(URL_A, "not-yet"))).toBe("unknown_key"); // refetched: 2 fetches
    lms.publish("k2"); // the platform rotates right after
    await platformKeyObject(URL_A, "k2"); // one more refetch, not refused by the earlier one
    expect(lms.fetches()).toBe(3);
  });

  it("refetches for the same unknown kid at most once per cooldown", async () => {
    const lms = keyset(["k1"]);
    await platformKeyObject(URL_A, "k1");
    for (let i = 0; i < 5; i++) expect(await reason(platformKeyObject(URL_A, "forged"))).toBe("unknown_key");
    expect(lms.fetches()).toBe(2);
  });

  it("lets concurrent unknown kids share one refetch", async () => {
    const lms = keyset(["k1"]);
    await platformKeyObject(URL_A, "k1");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => reason(platformKeyObject(URL_A, `forged-${i}`))));
    expect(results).toEqual(Array(10).fill("unknown_key"));
    expect(lms.fetches()).toBe(2);
  });

  it("does not settle for a refetch that was already in flight before the new kid arrived", async () => {
    const lms = keyset(["k1"], { minSpacingMs: 0 });
    await platformKeyObject(URL_A, "k1");
    const release = lms.hold();
    const earlier = reason(platformKeyObject(URL_A, "forged")); // refetch #2 reaches the platform before rotation
    lms.publish("k2");
    const rotated = reason(platformKeyObject(URL_A, "k2"));
    release();
    expect(await earlier).toBe("unknown_key");
    expect(await rotated).toBe("ok"); // waited for #2, then fetched #3
    expect(lms.fetches()).toBe(3);
  });

  it("reports an unreachable keyset, and tries again on the next launch", async () => {
    let up = false;
    setPlatformKeyFetch(async () => (up ? Response.json({ keys: [jwk("k1")] }) : new Response("down", { status: 503 })));
    expect(await reason(platformKeyObject(URL_A, "k1"))).toBe("jwks_unavailable");
    up = true;
    expect(await reason(platformKeyObject(URL_A, "k1"))).toBe("ok");
  });
});
