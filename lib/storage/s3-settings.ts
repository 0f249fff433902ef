// What lib/storage/index.ts needs of S3 storage before (and without) loading the AWS SDK: the settings, STORAGE_URL's
// parser and the Content-Disposition header. S3Storage itself is in ./s3.

/** Where an S3-compatible bucket is and how to talk to it (from STORAGE_URL and the S3_* settings). */
export type S3Settings = {
  bucket: string;
  /** Key prefix inside the bucket, "" or ending in "/". */
  prefix: string;
  region: string;
  /** Custom endpoint (MinIO, R2, s3rver); unset for AWS. */
  endpoint?: string;
  /** Bucket in the path rather than the host name (MinIO and s3rver need it). */
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default chain (AWS_* variables, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Multipart part size; S3 allows 5 MiB to 5 GiB per part and 10,000 parts, so 8 MiB covers objects to 78 GiB. */
  partSize?: number;
  /** Parts uploaded at once; memory held is about partSize × (queueSize + 1). */
  queueSize?: number;
};

/** Parses `s3://bucket/optional/prefix` into bucket and prefix; throws on anything else. */
export function parseStorageUrl(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error("STORAGE_URL must look like s3://bucket or s3://bucket/prefix");
  const prefix = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  return { bucket: match[1], prefix: prefix ? `${prefix}/` : "" };
}

/** A Content-Disposition for a download: an ASCII fallback name and the exact name (RFC 6266). */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "'")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
