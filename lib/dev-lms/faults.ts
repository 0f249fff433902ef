import { createHash } from "node:crypto";
import { z } from "zod";
import type { DevLmsSettings } from "@/lib/models/dev-lms-ags";

export type Fault = { kind: "error"; status: number } | { kind: "rate_limit"; retryAfterSeconds: number } | null;

/** Uniform numbers in [0, 1) from (seed, call number): the same seed replays the same faults in the same order. */
function uniforms(seed: number, callNumber: number): [number, number, number] {
  const digest = createHash("sha256").update(`${seed}:${callNumber}`).digest();
  return [digest.readUInt32BE(0) / 2 ** 32, digest.readUInt32BE(4) / 2 ** 32, digest.readUInt32BE(8) / 2 ** 32];
}

type FaultSettings = Pick<DevLmsSettings, "failOneIn" | "rateLimitOneIn" | "lostResponseOneIn" | "retryAfterSeconds" | "seed">;

/**
 * Whether a successful write (POST/PUT/DELETE) loses its response: the change is kept but the tool gets a 502, as
 * when a proxy times out after the LMS committed. A correct tool retries and must not double-count.
 */
export function decideLostResponse(settings: FaultSettings, callNumber: number): boolean {
  return settings.lostResponseOneIn > 0 && uniforms(settings.seed, callNumber)[2] < 1 / settings.lostResponseOneIn;
}

export function lostResponse(): Response {
  return Response.json(
    { error: { code: "bad_gateway", message: "The response was lost on purpose (dev LMS failure injection); the change was applied." } },
    { status: 502 },
  );
}

/**
 * Whether this service call fails: a 5xx with probability 1/failOneIn, else a 429 with Retry-After with probability
 * 1/rateLimitOneIn. Faults happen before any work, so a failed call changed nothing (a retry is always safe).
 */
export function decideFault(settings: FaultSettings, callNumber: number): Fault {
  const [a, b] = uniforms(settings.seed, callNumber);
  if (settings.failOneIn > 0 && a < 1 / settings.failOneIn) return { kind: "error", status: callNumber % 2 ? 500 : 503 };
  if (settings.rateLimitOneIn > 0 && b < 1 / settings.rateLimitOneIn) {
    return { kind: "rate_limit", retryAfterSeconds: settings.retryAfterSeconds };
  }
  return null;
}

/** The response a fault produces. */
export function faultResponse(fault: Exclude<Fault, null>): Response {
  if (fault.kind === "rate_limit") {
    return Response.json(
      { error: { code: "rate_limited", message: "Too many requests (injected by the dev LMS)." } },
      { status: 429, headers: { "Retry-After": String(fault.retryAfterSeconds) } },
    );
  }
  return Response.json(
    { error: { code: "injected_failure", message: "The dev LMS failed this call on purpose (failure injection)." } },
    { status: fault.status },
  );
}

/** The failure-injection settings a test or the course page sets (0 turns a fault off). */
export const faultSettings = z.object({
  failOneIn: z.number().int().min(0).max(1000).default(0),
  rateLimitOneIn: z.number().int().min(0).max(1000).default(0),
  lostResponseOneIn: z.number().int().min(0).max(1000).default(0),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
});
