import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { S3Storage } from "./s3";
import { startTestS3Server, testS3Storage, type TestS3Server } from "./testing/s3-server";

const MiB = 1024 * 1024;
const TOTAL_MIB = 1024;
let server: TestS3Server;
let store: S3Storage;

beforeAll(async () => {
  // s3rver runs in its own process, so the memory sampled below is only Lantern's side of the transfer.
  server = await startTestS3Server();
  store = testS3Storage(server);
});
afterAll(() => server?.stop());

/** The largest resident-set growth seen over `baseline`, in MiB. */
function peakTracker(baseline: number) {
  let peak = 0;
  return {
    sample: () => (peak = Math.max(peak, process.memoryUsage.rss() - baseline)),
    get mib() {
      return peak / MiB;
    },
  };
}

it("streams a 1 GiB object up (multipart) and back down with flat memory and a matching SHA-256", { timeout: 240_000 }, async () => {
  // Generated on the fly (a random block stamped with its index), never written to disk by the test.
  const block = randomBytes(MiB);
  const expected = createHash("sha256");
  const baseline = process.memoryUsage.rss();
  const up = peakTracker(baseline);
  const upload = await store.createUpload("exports/large/one-gib.bin", { contentType: "application/octet-stream" });
  for (let i = 0; i < TOTAL_MIB; i++) {
    const chunk = Buffer.from(block);
    chunk.writeUInt32BE(i, 0);
    expected.update(chunk);
    await upload.write(chunk);
    up.sample();
  }
  const object = await upload.complete();
  const sha256 = expected.digest("hex");
  expect(object).toMatchObject({ bytes: TOTAL_MIB * MiB, sha256 });
  expect(server.openUploads()).toEqual([]);

  const down = peakTracker(baseline);
  const { body } = await store.openRead(object.key);
  const actual = createHash("sha256");
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    actual.update(chunk);
    bytes += chunk.byteLength;
    down.sample();
  }
  expect(bytes).toBe(TOTAL_MIB * MiB);
  expect(actual.digest("hex")).toBe(sha256);
  // Parts are 8 MiB with two in flight, so a streaming transfer holds a few tens of MiB; buffering the object would
  // need over 1,024. The bound leaves room for the garbage collector's slack.
  expect(up.mib).toBeLessThan(200);
  expect(down.mib).toBeLessThan(200);
  console.log(`1 GiB through S3Storage: peak RSS growth ${up.mib.toFixed(0)} MiB up, ${down.mib.toFixed(0)} MiB down`);
});
