/** The largest score the database stores (numeric(10, 2)). */
export const MAX_STORED_SCORE = 99_999_999.99;

export type ScoreCheck = { ok: true; score: number } | { ok: false; message: string };

// Plain decimal notation only: "19.5", "20", ".5", "0.25". Not "1e9", "0x10", "19,5", "Infinity" or "+3".
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Strictly parses a score typed by staff and checks it against the assignment's points: 0..points, or above points
 * only with extra credit. `Number()` would accept "0x10" (16), "1e9" and "  "; those are refused with a message.
 */
export function parseScore(text: string, { points, extraCredit = false }: { points: number; extraCredit?: boolean }): ScoreCheck {
  const value = text.trim();
  if (value === "") return { ok: false, message: "Enter a score." };
  if (!DECIMAL.test(value)) return { ok: false, message: `Enter the score as a plain number such as ${points} or ${points / 2}.` };
  return checkScore(Number(value), { points, extraCredit });
}

/** The same bounds for a score that arrives as a number (JSON APIs, regrades). */
export function checkScore(score: number, { points, extraCredit = false }: { points: number; extraCredit?: boolean }): ScoreCheck {
  if (!Number.isFinite(score) || score < 0) return { ok: false, message: "A score cannot be negative." };
  if (Math.abs(score * 100 - Math.round(score * 100)) > 1e-6) {
    return { ok: false, message: "Use at most two decimal places." };
  }
  if (score > points && !extraCredit) {
    return { ok: false, message: `The most this assignment gives is ${points}. Tick "extra credit" to give more.` };
  }
  if (score > MAX_STORED_SCORE) return { ok: false, message: `A score can be at most ${MAX_STORED_SCORE}.` };
  return { ok: true, score: Math.round(score * 100) / 100 };
}
