import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { S3Storage, type S3Settings } from "../s3";

/** A running s3rver child process and settings that reach it. */
export type TestS3Server = {
  port: number;
  endpoint: string;
  settings: S3Settings;
  child: ChildProcess;
  /** Multipart uploads started and neither completed nor aborted (s3rver keeps their parts in a folder each). */
  openUploads(): string[];
  stop(): Promise<void>;
};

/**
 * Starts s3rver (a real S3-protocol server) on loopback in a child process with a fresh directory and bucket. Test
 * and script use only: fixed fake credentials, signatures not checked.
 */
export async function startTestS3Server({ bucket = "lantern-test", port = 0 }: { bucket?: string; port?: number } = {}): Promise<TestS3Server> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "lantern-s3rver-"));
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "s3rver-child.mjs"), directory, bucket, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bound = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  }).catch((error: Error) => {
    // A server that never came up leaves no directory behind.
    rmSync(directory, { recursive: true, force: true });
    throw error;
  });
  const endpoint = `http://127.0.0.1:${bound}`;
  return {
    port: bound,
    endpoint,
    child,
    settings: {
      bucket,
      prefix: "",
      region: "us-east-1",
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    },
    openUploads() {
      const dir = path.join(directory, bucket, "._S3rver_uploads");
      return existsSync(dir) ? readdirSync(dir) : [];
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** An S3Storage on a test server, optionally under a key prefix. */
export function testS3Storage(server: TestS3Server, overrides: Partial<S3Settings> = {}): S3Storage {
  return new S3Storage({ ...server.settings, ...overrides });
}

/** Records the name of every S3 command the storage's client sends (to see multipart and abort happen). */
export function recordCommands(store: S3Storage): string[] {
  const names: string[] = [];
  store.client.middlewareStack.remove("lanternRecordCommands");
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(context.commandName ?? "?");
      return next(args);
    },
    { step: "initialize", name: "lanternRecordCommands" },
  );
  return names;
}
