/** One line of a line diff: kept, added (only in the new text) or removed (only in the old). */
export type DiffLine = { op: "same" | "add" | "del"; text: string; oldLine: number | null; newLine: number | null };

/** Above this many cells of the LCS table the middle is shown as removed-then-added (still correct, just coarser). */
const MAX_CELLS = 4_000_000;

/**
 * A line diff of two texts (longest common subsequence after trimming the common start and end), for the replay's
 * "changes since the previous version" view. Line numbers are 1-based.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ op: "same", text: a[i], oldLine: i + 1, newLine: i + 1 });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach((text, i) => out.push({ op: "del", text, oldLine: start + i + 1, newLine: null }));
    midB.forEach((text, j) => out.push({ op: "add", text, oldLine: null, newLine: start + j + 1 }));
  } else {
    // lcs[i][j]: LCS length of midA[i..] and midB[j..], in one flat array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ op: "same", text: midA[i], oldLine: start + i + 1, newLine: start + j + 1 });
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
        out.push({ op: "add", text: midB[j], oldLine: null, newLine: start + j + 1 });
        j++;
      } else {
        out.push({ op: "del", text: midA[i], oldLine: start + i + 1, newLine: null });
        i++;
      }
    }
  }
  const tailOffsetA = endA;
  const tailOffsetB = endB;
  for (let k = 0; k < a.length - endA; k++) out.push({ op: "same", text: a[tailOffsetA + k], oldLine: tailOffsetA + k + 1, newLine: tailOffsetB + k + 1 });
  return out;
}

/** How many lines were added and removed. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  return { added: lines.filter((l) => l.op === "add").length, removed: lines.filter((l) => l.op === "del").length };
}
