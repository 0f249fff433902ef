import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { buffer, text } from "node:stream/consumers";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStorageUrl, type S3Storage } from "./s3";
import { recordCommands, startTestS3Server, testS3Storage, type TestS3Server } from "./testing/s3-server";
import { StorageNotFoundError } from "./types";

const MiB = 1024 * 1024;
let server: TestS3Server;
let store: S3Storage;

beforeAll(async () => {
  server = await startTestS3Server();
  store = testS3Storage(server, { partSize: 5 * MiB });
});
afterAll(() => server?.stop());

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const head = (key: string) =>
  store.client.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key })).then(
    (out) => out,
    () => null,
  );

describe("parseStorageUrl", () => {
  it("takes a bucket and an optional prefix, and refuses anything else", () => {
    expect(parseStorageUrl("s3://lantern-files")).toEqual({ bucket: "lantern-files", prefix: "" });
    expect(parseStorageUrl("s3://lantern-files/prod/eu/")).toEqual({ bucket: "lantern-files", prefix: "prod/eu/" });
    for (const bad of ["lantern-files", "s3://", "https://bucket/x", "s3://Bad_Bucket"]) expect(() => parseStorageUrl(bad)).toThrow(/STORAGE_URL/);
  });
});

describe("S3Storage on an S3-protocol server (s3rver)", () => {
  it("stores a small object in one request, invisible until complete, and reads it whole and by range", async () => {
    const upload = await store.createUpload("exports/job-1/grades.csv", { contentType: "text/csv" });
    for (const part of ["a,b\r\n", "1,2\r\n", "3,4\r\n"]) await upload.write(Buffer.from(part));
    expect(await store.stat("exports/job-1/grades.csv")).toBeNull();
    const object = await upload.complete();
    expect(object).toMatchObject({ bytes: 15, contentType: "text/csv", sha256: sha256(Buffer.from("a,b\r\n1,2\r\n3,4\r\n")) });
    expect(await text((await store.openRead(object.key)).body)).toBe("a,b\r\n1,2\r\n3,4\r\n");
    expect(await text((await store.openRead(object.key, { range: { start: 5, end: 9 } })).body)).toBe("1,2\r\n");
    expect(await store.stat(object.key)).toMatchObject({ bytes: 15, sha256: object.sha256, contentType: "text/csv" });
    expect((await head("exports/job-1/grades.csv"))?.ContentType).toBe("text/csv");
  });

  it("streams a multi-part upload (5 MiB parts) whose bytes and checksum survive the round trip", async () => {
    const data = randomBytes(12 * MiB + 12345);
    const sent = recordCommands(store);
    const upload = await store.createUpload("exchange/c1/submitted/big.tar.gz", { contentType: "application/gzip" });
    // Odd chunk sizes, so parts are cut across chunk boundaries.
    for (let at = 0; at < data.length; at += 777_777) await upload.write(data.subarray(at, at + 777_777));
    const object = await upload.complete();
    expect(object.sha256).toBe(sha256(data));
    expect(sent.filter((name) => name !== "PutObjectCommand")).toEqual([
      "CreateMultipartUploadCommand",
      "UploadPartCommand",
      "UploadPartCommand",
      "UploadPartCommand",
      "CompleteMultipartUploadCommand",
    ]);
    expect(server.openUploads()).toEqual([]);
    const back = await buffer((await store.openRead(object.key)).body);
    expect(back.equals(data)).toBe(true);
    const tail = await buffer((await store.openRead(object.key, { range: { start: data.length - 10, end: data.length - 1 } })).body);
    expect(tail.equals(data.subarray(data.length - 10))).toBe(true);
  });

  it("leaves no object and no open multipart upload when an upload is aborted after parts were sent", async () => {
    const sent = recordCommands(store);
    const upload = await store.createUpload("exports/aborted.zip", { contentType: "application/zip" });
    const chunk = randomBytes(MiB);
    for (let i = 0; i < 12; i++) await upload.write(chunk);
    expect(server.openUploads()).toHaveLength(1);
    await upload.abort();
    expect(sent).toContain("UploadPartCommand");
    expect(sent).toContain("AbortMultipartUploadCommand");
    expect(server.openUploads()).toEqual([]);
    expect(await store.stat("exports/aborted.zip")).toBeNull();
    expect(await head("exports/aborted.zip")).toBeNull();
    await expect(store.openRead("exports/aborted.zip")).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it("aborts when the source stream fails mid-way (putStream), leaving nothing visible", async () => {
    const { putStream, setStorageForTests } = await import("./index");
    setStorageForTests(store);
    try {
      async function* failing() {
        for (let i = 0; i < 8; i++) yield randomBytes(MiB);
        throw new Error("source broke");
      }
      await expect(putStream("exports/broken.csv", failing(), { contentType: "text/csv" })).rejects.toThrow("source broke");
    } finally {
      setStorageForTests(undefined);
    }
    expect(await head("exports/broken.csv")).toBeNull();
    expect(server.openUploads()).toEqual([]);
  });

  it("shows nothing under the key when the uploading process is killed mid-upload (its parts wait for the bucket's lifecycle rule)", async () => {
    // node itself (not the tsx wrapper, whose SIGKILL would orphan the uploading process).
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "testing", "upload-child.ts"), server.endpoint, store.bucket, "exports/killed.zip"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("uploading") && resolve());
      child.once("exit", (code) => reject(new Error(`upload child exited early (${code})`)));
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(await store.stat("exports/killed.zip")).toBeNull();
    expect(await head("exports/killed.zip")).toBeNull();
    await expect(store.openRead("exports/killed.zip")).rejects.toBeInstanceOf(StorageNotFoundError);
    // No one could abort it: the multipart upload stays open, invisible, until AbortIncompleteMultipartUpload runs.
    expect(server.openUploads().length).toBeGreaterThan(0);
  });

  it("fails a write instead of hanging when the server goes away mid-upload", async () => {
    const other = await startTestS3Server();
    const lost = testS3Storage(other, { partSize: 5 * MiB });
    const upload = await lost.createUpload("x/lost.bin", { contentType: "application/octet-stream" });
    await upload.write(randomBytes(MiB));
    await other.stop();
    const chunk = randomBytes(MiB);
    await expect(
      (async () => {
        for (let i = 0; i < 64; i++) await upload.write(chunk);
        await upload.complete();
      })(),
    ).rejects.toThrow();
    await upload.abort();
  });

  it("keeps objects under the configured prefix and deletes data and metadata idempotently", async () => {
    const prefixed = testS3Storage(server, { prefix: "tenant-a/" });
    const upload = await prefixed.createUpload("a/b.txt", { contentType: "text/plain" });
    await upload.write(Buffer.from("hello"));
    await upload.complete();
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: "tenant-a/" }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(["tenant-a/a/b.txt", "tenant-a/a/b.txt.meta.json"]);
    expect(await store.stat("a/b.txt")).toBeNull();
    await prefixed.delete("a/b.txt");
    await prefixed.delete("a/b.txt");
    expect(await prefixed.stat("a/b.txt")).toBeNull();
    expect(await head("tenant-a/a/b.txt")).toBeNull();
  });

  it("hands out a signed download URL that serves the bytes as an attachment", async () => {
    const upload = await store.createUpload("exports/job-2/logs.zip", { contentType: "application/zip" });
    await upload.write(Buffer.from("PK-not-really"));
    await upload.complete();
    const url = await store.signedDownloadUrl("exports/job-2/logs.zip", { expiresInSeconds: 60, filename: "Kurs ü logs.zip" });
    expect(url).toMatch(/X-Amz-Signature=/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("PK-not-really");
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''Kurs%20%C3%BC%20logs.zip");
  });

  it("refuses keys that could escape the prefix", async () => {
    for (const key of ["../x", "/etc/passwd", "a//b", ".meta"]) {
      await expect(store.createUpload(key, { contentType: "text/plain" })).rejects.toThrow(/Invalid storage key/);
    }
  });
});

