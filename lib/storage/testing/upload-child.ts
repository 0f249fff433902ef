// Test-only child process: streams an endless upload into a bucket and says so once 12 MiB (two 5 MiB parts and
// more) are accepted, so a test can SIGKILL it mid-upload. Usage: tsx upload-child.ts <endpoint> <bucket> <key>
import { randomBytes } from "node:crypto";
import { S3Storage } from "../s3";

const [endpoint, bucket, key] = process.argv.slice(2);
const store = new S3Storage({
  bucket,
  prefix: "",
  region: "us-east-1",
  endpoint,
  forcePathStyle: true,
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  partSize: 5 * 1024 * 1024,
});
const upload = await store.createUpload(key, { contentType: "application/octet-stream" });
const chunk = randomBytes(1024 * 1024);
for (let i = 0; ; i++) {
  await upload.write(Buffer.from(chunk));
  if (i === 12) process.stdout.write("uploading\n");
}
