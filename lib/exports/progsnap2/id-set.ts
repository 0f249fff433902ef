const PSEUDONYM = /^[0-9a-f]{20}$/;

/**
 * A set of pseudonyms (20 hex digits = 80 bits, deidentify.ts) kept as numbers in typed arrays, open addressing:
 * 11 bytes an id at most, instead of a string and a hash-table entry (~70). A ProgSnap2 build remembers every code
 * state it wrote (441,000 for the bench course) to write each once.
 */
export class IdSet {
  private hi = new Uint32Array(0);
  private mid = new Uint32Array(0);
  private lo = new Uint16Array(0);
  private used = new Uint8Array(0);
  size = 0;

  constructor(capacity = 1024) {
    this.allocate(capacity);
  }

  private allocate(capacity: number) {
    this.hi = new Uint32Array(capacity);
    this.mid = new Uint32Array(capacity);
    this.lo = new Uint16Array(capacity);
    this.used = new Uint8Array(capacity);
  }

  /** The slot holding the id, or the empty slot where it would go (the high bits are uniform: HMAC output). */
  private slot(h: number, m: number, l: number): number {
    const mask = this.used.length - 1;
    let i = h & mask;
    while (this.used[i] && !(this.hi[i] === h && this.mid[i] === m && this.lo[i] === l)) i = (i + 1) & mask;
    return i;
  }

  private static parts(id: string): [number, number, number] {
    if (!PSEUDONYM.test(id)) throw new Error(`not a pseudonym: ${JSON.stringify(id)}`);
    return [parseInt(id.slice(0, 8), 16) >>> 0, parseInt(id.slice(8, 16), 16) >>> 0, parseInt(id.slice(16), 16)];
  }

  has(id: string): boolean {
    const [h, m, l] = IdSet.parts(id);
    return this.used[this.slot(h, m, l)] === 1;
  }

  add(id: string): this {
    this.insert(id);
    return this;
  }

  /** Adds the id; false when it was there already (one lookup for has-then-add). */
  insert(id: string): boolean {
    const [h, m, l] = IdSet.parts(id);
    let i = this.slot(h, m, l);
    if (this.used[i]) return false;
    if ((this.size + 1) * 2 > this.used.length) {
      this.grow();
      i = this.slot(h, m, l);
    }
    this.hi[i] = h;
    this.mid[i] = m;
    this.lo[i] = l;
    this.used[i] = 1;
    this.size++;
    return true;
  }

  private grow() {
    const [hi, mid, lo, used] = [this.hi, this.mid, this.lo, this.used];
    this.allocate(used.length * 2);
    for (let j = 0; j < used.length; j++) {
      if (!used[j]) continue;
      const i = this.slot(hi[j], mid[j], lo[j]);
      this.hi[i] = hi[j];
      this.mid[i] = mid[j];
      this.lo[i] = lo[j];
      this.used[i] = 1;
    }
  }
}
