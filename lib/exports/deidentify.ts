import { createCipheriv, createHmac, randomBytes, type Cipher } from "node:crypto";
import { env } from "@/lib/env";

/**
 * De-identification for research exports. Subject ids are a keyed hash (HMAC-SHA-256) of Lantern's user id (the
 * many UUID ids of a dataset, a keyed permutation: uuidPseudonym): stable within one dataset, unlinkable across
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Per key and kind: an AES-128 permutation keyed by HMAC(key, "aes-128 <kind>"), one ECB cipher kept open. */
const permutations = new WeakMap<PseudonymKey, Map<string, Cipher>>();
const block = Buffer.alloc(16);

/**
 * pseudonym() for ids that are UUIDs (code states, events, grading runs: hundreds of thousands per dataset): the
 * UUID's 16 bytes through AES-128 under a key derived from the dataset's key and the kind, the first 10 bytes of the
 * result as hex. A keyed pseudorandom permutation is as unlinkable as the HMAC without its key, and one block
 * through a kept cipher costs a third of an HMAC's set-up and two passes (issue 15's bench). Other values go to
 * pseudonym(); both are 80 bits, so the two cannot meaningfully collide.
 */
export function uuidPseudonym(key: PseudonymKey, kind: string, value: string): string {
  if (!UUID.test(value)) return pseudonym(key, kind, value);
  uuidBytes(value, block);
  return permutation(key, kind).update(block).toString("hex", 0, 10);
}

/**
 * uuidPseudonym() of a pair of UUIDs (a code state as scrubbed for one subject): CBC-MAC of their 32 bytes under the
 * kind's own key — a pseudorandom function for messages of one fixed length, as these are.
 */
export function uuidPairPseudonym(key: PseudonymKey, kind: string, first: string, second: string): string {
  if (!UUID.test(first) || !UUID.test(second)) return pseudonym(key, kind, `${first}\0${second}`);
  const cipher = permutation(key, `${kind} pair`);
  uuidBytes(first, block);
  const chained = cipher.update(block);
  uuidBytes(second, block);
  for (let i = 0; i < 16; i++) chained[i] ^= block[i];
  return cipher.update(chained).toString("hex", 0, 10);
}

function permutation(key: PseudonymKey, kind: string): Cipher {
  let kinds = permutations.get(key);
  if (!kinds) permutations.set(key, (kinds = new Map()));
  let cipher = kinds.get(kind);
  if (!cipher) {
    const subkey = createHmac("sha256", key.key).update(`aes-128 ${kind}`).digest().subarray(0, 16);
    cipher = createCipheriv("aes-128-ecb", subkey, null).setAutoPadding(false);
    kinds.set(kind, cipher);
  }
  return cipher;
}

/** A UUID's 16 bytes into `out` (the caller has checked its form). */
function uuidBytes(uuid: string, out: Buffer): void {
  for (let i = 0, j = 0; i < 16; i++, j += 2) {
    if (j === 8 || j === 13 || j === 18 || j === 23) j++; // the dashes
    out[i] = (hexValue(uuid.charCodeAt(j)) << 4) | hexValue(uuid.charCodeAt(j + 1));
  }
}

/** 0–15 for a hex digit's character code (the caller has checked it is one). */
const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);

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
  const emailNeedles = ascii(emails) ? sortedLower(emails) : null;
  const nameNeedles = ascii(names) ? sortedLower(names) : null;
  return (text) => {
    if (!text) return text;
    let out = text;
    // ASCII text and needles: the same matches found with indexOf (replaceAscii), four times faster than the
    // unicode look-behind patterns, which ran on every code file of a course whose names appear in its code.
    // Whether the text is ASCII is asked only once a probe has found a needle.
    let plain: boolean | undefined;
    if (emailProbe?.test(out)) {
      plain = ASCII_ONLY.test(text);
      out = plain && emailNeedles ? replaceAscii(out, emailNeedles, "[email]", isEmailChar, isEmailEndChar) : out.replace(emailRegex(), "[email]");
    }
    if (nameProbe?.test(out)) {
      plain ??= ASCII_ONLY.test(text);
      out = plain && nameNeedles ? replaceAscii(out, nameNeedles, "[name]", isWordChar, isWordChar) : out.replace(nameRegex(), "[name]");
    }
    return out;
  };
}

// eslint-disable-next-line no-control-regex -- ASCII is 0x00 to 0x7f, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ascii = (list: string[]) => list.every((n) => ASCII_ONLY.test(n));
const sortedLower = (list: string[]) => [...new Set(list.map((n) => n.toLowerCase()))].sort((a, b) => b.length - a.length);

/** The pattern's \p{L}\p{N}_ for an ASCII character code. */
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** The email pattern's look-behind set (adds . + -) and look-ahead set (adds -). */
const isEmailChar = (c: number) => isWordChar(c) || c === 46 || c === 43 || c === 45;
const isEmailEndChar = (c: number) => isWordChar(c) || c === 45;

/**
 * `text.replace(/(?<!before)(?:n1|n2|…)(?!after)/gi, placeholder)` for ASCII text and lower-case needles sorted
 * longest first: at the leftmost position where a needle occurs with non-word neighbours, the first such needle in
 * order is replaced, and the search goes on after it — as the regex's leftmost, first-alternative match does.
 */
export function replaceAscii(text: string, needles: string[], placeholder: string, before: (c: number) => boolean, after: (c: number) => boolean): string {
  const lower = text.toLowerCase();
  const next = needles.map((n) => lower.indexOf(n));
  let out = "";
  let last = 0;
  for (;;) {
    let at = -1;
    for (const i of next) if (i !== -1 && (at === -1 || i < at)) at = i;
    if (at === -1) break;
    let end = -1;
    for (let k = 0; k < needles.length; k++) {
      if (next[k] !== at) continue;
      const e = at + needles[k].length;
      if ((at === 0 || !before(lower.charCodeAt(at - 1))) && (e === lower.length || !after(lower.charCodeAt(e)))) {
        end = e;
        break;
      }
    }
    if (end === -1) {
      for (let k = 0; k < needles.length; k++) if (next[k] === at) next[k] = lower.indexOf(needles[k], at + 1);
      continue;
    }
    out += text.slice(last, at) + placeholder;
    last = end;
    for (let k = 0; k < needles.length; k++) if (next[k] !== -1 && next[k] < end) next[k] = lower.indexOf(needles[k], end);
  }
  return last === 0 ? text : out + text.slice(last);
}
