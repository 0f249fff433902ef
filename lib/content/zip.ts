import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { badRequest, payloadTooLarge } from "@/lib/errors";
import type { ContentTree } from "./format";

// Zip archives of content trees. Entries are written in path order with a fixed timestamp, so the same content
// always gives the same bytes (export → import → export compares equal as a zip, too).

const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

/** Largest archive and unpacked content accepted on import (a zip bomb is refused, not unpacked). */
export const MAX_ZIP_BYTES = 20 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;
export const MAX_ENTRIES = 5000;

/** A content tree as zip bytes. */
export function zipTree(tree: ContentTree): Uint8Array {
  const entries: Zippable = {};
  for (const path of [...tree.keys()].sort()) entries[path] = [strToU8(tree.get(path)!), { mtime: FIXED_MTIME }];
  return zipSync(entries, { level: 6 });
}

/** Reads an uploaded zip into a content tree; folders are skipped, macOS metadata ignored, text must be UTF-8. */
export function unzipTree(bytes: Uint8Array): ContentTree {
  if (bytes.byteLength > MAX_ZIP_BYTES) throw payloadTooLarge(`The zip is larger than ${MAX_ZIP_BYTES / 1024 / 1024} MiB.`);
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith("/") || file.name.startsWith("__MACOSX/") || file.name.split("/").pop() === ".DS_Store") return false;
        total += file.originalSize;
        count += 1;
        if (total > MAX_UNZIPPED_BYTES || count > MAX_ENTRIES) throw payloadTooLarge("The zip unpacks to more content than a course can hold.");
        return true;
      },
    });
  } catch (error) {
    if (error instanceof Error && "status" in error) throw error;
    throw badRequest("That file is not a readable zip archive.");
  }
  const tree: ContentTree = new Map();
  for (const [name, data] of Object.entries(files)) {
    if (name.includes("\\") || name.split("/").some((part) => part === ".." || part === "")) throw badRequest(`Unsafe path in the zip: ${name}`);
    try {
      tree.set(name, new TextDecoder("utf-8", { fatal: true }).decode(data));
    } catch {
      throw badRequest(`${name} is not UTF-8 text.`);
    }
  }
  return tree;
}

