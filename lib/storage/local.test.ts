import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { LocalStorage } from "./local";
import { StorageNotFoundError } from "./types";

const root = () => mkdtempSync(path.join(os.tmpdir(), "lantern-storage-"));

describe("LocalStorage", () => {
  it("streams a multipart write, then reads it back whole and by range with its checksum", async () => {
    const store = new LocalStorage(root());
    const upload = await store.createUpload("exports/job-1/grades.csv", { contentType: "text/csv" });
    const parts = ["a,b\r\n", "1,2\r\n", "3,4\r\n"];
    for (const p of parts) await upload.write(Buffer.from(p));
    expect(await store.stat("exports/job-1/grades.csv")).toBeNull(); // invisible until complete
    const object = await upload.complete();
    const whole = parts.join("");
    expect(object).toMatchObject({ bytes: whole.length, contentType: "text/csv", sha256: createHash("sha256").update(whole).digest("hex") });
    expect(await text((await store.openRead(object.key)).body)).toBe(whole);
    expect(await text((await store.openRead(object.key, { range: { start: 5, end: 9 } })).body)).toBe("1,2\r\n");
    expect(await store.stat(object.key)).toMatchObject({ bytes: whole.length, sha256: object.sha256 });
  });

  it("discards an aborted upload and deletes objects idempotently", async () => {
    const dir = root();
    const store = new LocalStorage(dir);
    const upload = await store.createUpload("a/b.zip", { contentType: "application/zip" });
    await upload.write(Buffer.from("partial"));
    await upload.abort();
    expect(readdirSync(path.join(dir, "a"))).toEqual([]);
    await expect(store.openRead("a/b.zip")).rejects.toBeInstanceOf(StorageNotFoundError);
    const done = await (async () => {
      const u = await store.createUpload("a/b.zip", { contentType: "application/zip" });
      await u.write(Buffer.from("x"));
      return u.complete();
    })();
    await store.delete(done.key);
    await store.delete(done.key);
    expect(await store.stat(done.key)).toBeNull();
  });

  it("refuses keys that could escape the directory", async () => {
    const store = new LocalStorage(root());
    for (const key of ["../x", "/etc/passwd", "a/../../x", "a//b", ".hidden", "a\\b"]) {
      await expect(store.createUpload(key, { contentType: "text/plain" })).rejects.toThrow(/Invalid storage key/);
    }
  });
});
