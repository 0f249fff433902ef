// Runs s3rver (an S3-protocol server on loopback) in its own process for tests and the multi-instance run, so its
// memory and CPU stay out of the measurements of the process under test. Prints the port once listening.
// Usage: node s3rver-child.mjs <directory> <bucket> [port]
import fs from "node:fs";
import path from "node:path";
import S3rver from "s3rver";

const [directory, bucket, port] = process.argv.slice(2);
const server = new S3rver({
  address: "127.0.0.1",
  port: Number(port ?? 0),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
  // Accept any signed request: tests use fixed fake credentials.
  allowMismatchedSignatures: true,
});
// s3rver has no AbortMultipartUpload (DELETE ?uploadId answers 405), which every real S3 service has
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html): this shim discards the upload's
// parts as S3 does, so tests can check that an aborted upload leaves nothing behind. Runs before s3rver's router.
server.middleware.unshift(async (ctx, next) => {
  if (ctx.method !== "DELETE" || !("uploadId" in ctx.query)) return next();
  const uploadId = String(ctx.query.uploadId);
  if (!/^[0-9a-f]{32}$/.test(uploadId)) return next();
  const bucketName = ctx.path.split("/")[1];
  fs.rmSync(path.join(directory, bucketName, "._S3rver_uploads", uploadId), { recursive: true, force: true });
  ctx.status = 204;
});
server.run().then(
  ({ port: bound }) => process.stdout.write(`listening ${bound}\n`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));
