import { z } from "zod";
import { decodeCursor } from "@/lib/pagination";

function decodes(value: string): boolean {
  try {
    decodeCursor(value);
    return true;
  } catch {
    return false;
  }
}

/** A `cursor` search param: a malformed one (edited URL) is ignored, so the page shows the first page, not an error. */
export const cursorParam = z.string().max(200).refine(decodes).optional().catch(undefined);
