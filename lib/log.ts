import { env } from "./env";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Keys whose values never reach a log line, wherever they appear in the fields.
const SECRET_KEY = /secret|password|token|authorization|cookie|private|id_token|client_assertion|api_?key/i;

/** Replaces secret-looking fields with "[redacted]" (recursively) so log lines are safe to share. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return describeError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]),
  );
}

/**
 * An error as a log field: name, message, stack, PostgreSQL's SQLSTATE and constraint when present, and its cause.
 * Never a query's parameters: Drizzle's own error lists them after "params:" in its message (and so its stack), and
 * a driver error's `detail` quotes row values, so neither is copied (db/errors.ts normally replaces both at source).
 */
function describeError(error: Error, depth: number): Record<string, unknown> {
  const e = error as Error & { code?: unknown; constraint?: unknown; query?: unknown; params?: unknown };
  const strip = (text: string | undefined) => (text && "params" in e ? text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "") : text);
  return {
    name: e.name,
    message: strip(e.message),
    ...(typeof e.code === "string" && { code: e.code }),
    ...(typeof e.constraint === "string" && { constraint: e.constraint }),
    ...(typeof e.query === "string" && { query: e.query.slice(0, 500) }),
    stack: strip(e.stack),
    ...(e.cause instanceof Error && depth < 3 && { cause: describeError(e.cause, depth + 1) }),
  };
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  let minimum: Level = "info";
  try {
    minimum = env().LOG_LEVEL;
  } catch {
    // Configuration is broken; still log what we can.
  }
  if (ORDER[level] < ORDER[minimum]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(redact(fields ?? {}) as object) });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** Structured JSON logging with secret redaction. */
export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
