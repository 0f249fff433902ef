import { createCipheriv, createHmac, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * De-identification for research exports. Subject ids are a keyed hash (HMAC-SHA-256) of Lantern's user id (the
 * many UUID ids of a dataset, a keyed permutation: uuidPseudonyms): stable within one dataset, unlinkable across
 * datasets unless the researcher exports under a named project, whose key is derived from the server secret and
 * never stored. Names and emails are scrubbed from free text and code.
 */
export type PseudonymKey = { key: Buffer; stable: boolean };

/** A fresh random key for one dataset, or the stable key of a research project. */
export function pseudonymKey({ projectId }: { projectId?: string | null }): PseudonymKey {
  if (!projectId) return { key: randomBytes(32), stable: false };
  const key = createHmac("sha256", env().KEY_ENCRYPTION_SECRET).update(`lantern research project ${projectId}`).digest();
  return { key, stable: true };
}

/** A short pseudonymous id for `value` in namespace `kind` (20 hex digits = 80 bits: collisions are negligible). */
export function pseudonym(key: PseudonymKey, kind: string, value: string): string {
  // The first 10 bytes as hex, not a slice of the whole hex digest: a slice keeps its 64-character parent alive, and
  // a ProgSnap2 build keeps a pseudonym per code state (hundreds of thousands) for the whole build.
  return createHmac("sha256", key.key).update(`${kind}\0${value}`).digest().toString("hex", 0, 10);
}

/**
 * pseudonym() for ids that are UUIDs (code states, events, grading runs: hundreds of thousands per dataset), as a
 * function for one kind: the UUID's 16 bytes through AES-128 under a key derived from the dataset's key and the
 * kind (HMAC(key, "aes-128 <kind>")), the first 10 bytes of the result as hex. A keyed pseudorandom permutation is
 * as unlinkable as the HMAC without its key, and one block through a cipher kept open costs a third of an HMAC's
 * set-up and passes (issue 15's bench). Values that are not UUIDs go to pseudonym(key, kind, value); both are 80
 * bits, so the two cannot meaningfully collide.
 */
export function uuidPseudonyms(key: PseudonymKey, kind: string): UuidPseudonyms {
  const subkey = createHmac("sha256", key.key).update(`aes-128 ${kind}`).digest().subarray(0, 16);
  const cipher = createCipheriv("aes-128-ecb", subkey, null).setAutoPadding(false);
  const block = Buffer.alloc(16);
  const one = (uuid: string) => (uuidBytes(uuid, block) ? cipher.update(block).toString("hex", 0, 10) : pseudonym(key, kind, uuid));
  let blocks = Buffer.alloc(16 * 512);
  // ECB encrypts each block on its own, so many UUIDs go through in one call: a call per UUID was ~1.6 µs of
  // binding and buffer overhead for 0.02 µs of AES (441,000 code states: 0.7 s; issue 15's bench).
  const all = (uuids: readonly string[]): string[] => {
    if (blocks.length < uuids.length * 16) blocks = Buffer.alloc(uuids.length * 32);
    const slots = new Int32Array(uuids.length);
    let n = 0;
    for (let i = 0; i < uuids.length; i++) slots[i] = uuidBytes(uuids[i], blocks, 16 * n) ? n++ : -1;
    const encrypted = n ? cipher.update(blocks.subarray(0, 16 * n)) : blocks;
    const out = new Array<string>(uuids.length);
    for (let i = 0; i < uuids.length; i++) {
      const at = 16 * slots[i];
      out[i] = at >= 0 ? encrypted.toString("hex", at, at + 10) : pseudonym(key, kind, uuids[i]);
    }
    return out;
  };
  return Object.assign(one, { all });
}

/** uuidPseudonyms' function: one UUID's pseudonym, or (`all`) many at once, in order, in one pass of the cipher. */
export type UuidPseudonyms = ((uuid: string) => string) & { all: (uuids: readonly string[]) => string[] };

/** A UUID's 16 bytes into `out` at `at`; false when `uuid` is not a UUID's text (either case). */
function uuidBytes(uuid: string, out: Buffer, at = 0): boolean {
  if (uuid.length !== 36) return false;
  let bad = 0;
  for (let i = 0, j = 0; i < 16; i++, j += 2) {
    if (j === 8 || j === 13 || j === 18 || j === 23) bad |= uuid.charCodeAt(j++) ^ 45; // the dashes
    const high = hexValue(uuid.charCodeAt(j));
    const low = hexValue(uuid.charCodeAt(j + 1));
    bad |= (high | low) & 16;
    out[at + i] = ((high << 4) | low) & 255;
  }
  return bad === 0;
}

/** 0–15 for a hex digit's character code, 16 or more otherwise. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : 16;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Name parts shorter than this are not scrubbed alone (they would blank "Al" out of "Algebra" style words). */
const MIN_NAME_PART = 3;

/**
 * Replaces a person's own name, name parts and email address (and its local part) in text with placeholders.
 * Matching ignores case and respects word boundaries, so `ada` goes but `adapter` stays.
 */
export function createScrubber(person: { name: string | null; email: string | null }): (text: string) => string {
  const emails: string[] = [];
  if (person.email) {
    emails.push(person.email);
    const local = person.email.split("@")[0];
    if (local && local.length >= MIN_NAME_PART) emails.push(local);
  }
  const names: string[] = [];
  if (person.name?.trim()) {
    const full = person.name.trim().replace(/\s+/g, " ");
    names.push(full);
    for (const part of full.split(/[^\p{L}\p{N}']+/u)) if (part.length >= MIN_NAME_PART) names.push(part);
  }
  if (emails.length === 0 && names.length === 0) return (text) => text;
  // Longest first, so the full name is replaced before its parts.
  const alternatives = (list: string[]) => [...new Set(list)].sort((a, b) => b.length - a.length).map(escape).join("|");
  // The unicode look-behind patterns, compiled the first time a text needs one (non-ASCII text or names): most
  // students' text is ASCII, and a course's thousand scrubbers each compiled four patterns (issue 15's bench).
  let emailPattern: RegExp | null = null;
  let namePattern: RegExp | null = null;
  const emailRegex = () => (emailPattern ??= new RegExp(`(?<![\\p{L}\\p{N}_.+-])(?:${alternatives(emails)})(?![\\p{L}\\p{N}_-])`, "giu"));
  const nameRegex = () => (namePattern ??= new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives(names)})(?![\\p{L}\\p{N}_])`, "giu"));
  // A plain case-insensitive search for the needles before each pattern: most text contains none of them, and the
  // patterns' look-behinds are tried at every position (a name in a code comment need not cost the email pass too).
  // Same case folding as the patterns (iu), so a text the probe passes over has nothing for the pattern either.
  const emailProbe = emails.length ? new RegExp(alternatives(emails), "iu") : null;
  const nameProbe = names.length ? new RegExp(alternatives(names), "iu") : null;
  // The same patterns for ASCII text with ASCII needles: ASCII look-arounds and case folding without the unicode
  // flag, which Irregexp runs two to three times faster (issue 15's bench: every code state of the bench course
  // names its student). For ASCII text they match exactly where the unicode patterns do.
  let emailAscii: RegExp | null | undefined;
  let nameAscii: RegExp | null | undefined;
  const emailAsciiRegex = () =>
    emailAscii !== undefined ? emailAscii : (emailAscii = ascii(emails) ? new RegExp(`(?<![A-Za-z0-9_.+-])(?:${alternatives(emails)})(?![A-Za-z0-9_-])`, "gi") : null);
  const nameAsciiRegex = () =>
    nameAscii !== undefined ? nameAscii : (nameAscii = ascii(names) ? new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives(names)})(?![A-Za-z0-9_])`, "gi") : null);
  return (text) => {
    if (!text) return text;
    let out = text;
    // Whether the text is ASCII is asked only once a probe has found a needle.
    let plain: boolean | undefined;
    if (emailProbe?.test(out)) {
      plain = ASCII_ONLY.test(text);
      out = out.replace((plain && emailAsciiRegex()) || emailRegex(), "[email]");
    }
    if (nameProbe?.test(out)) {
      plain ??= ASCII_ONLY.test(text);
      out = out.replace((plain && nameAsciiRegex()) || nameRegex(), "[name]");
    }
    return out;
  };
}

// eslint-disable-next-line no-control-regex -- ASCII is 0x00 to 0x7f, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ascii = (list: string[]) => list.every((n) => ASCII_ONLY.test(n));
