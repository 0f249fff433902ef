import { badRequest } from "./errors";

/**
 * Keyset pagination cursors: the sort key of the last row returned, as opaque base64url JSON. Keysets (not offsets)
 * keep pages stable while rows are added, and each page is an index range scan.
 */
export type Keyset = { at: string; id: string };

export function encodeCursor(last: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([last.at.toISOString(), last.id])).toString("base64url");
}

/** Decodes a cursor from a request; a malformed one is a 400, never a 500. */
export function decodeCursor(raw: string | null | undefined): Keyset | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string") {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime()) && /^[0-9a-f-]{36}$/i.test(value[1])) return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw badRequest("Invalid cursor: pass the nextCursor value of the previous page unchanged.");
}

/** Splits a `limit + 1` query result into the page and the cursor of the next page (null on the last page). */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: at(last), id: last.id }) : null };
}
