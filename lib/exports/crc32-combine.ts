// CRC-32 of two byte strings joined, from the CRC-32 of each and the second's length: zlib's crc32_combine
// (zlib 1.2.12+ crc32.c, multmodp / x2nmodp), which Node does not expose. Used to join raw-DEFLATE fragments built
// in parallel into one zip entry without reading the uncompressed bytes again.

const POLY = 0xedb88320; // CRC-32 (ISO-HDLC) polynomial, bit-reversed

/** a(x) · b(x) modulo the CRC polynomial, in the reflected bit order zlib uses. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial, for k = 0..31. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 0x40000000; // x^1
  table.push(p);
  for (let k = 1; k < 32; k++) table.push((p = multModP(p, p)));
  return table;
})();

/** x^(n · 2^k) modulo the polynomial (n may exceed 2^32: a fragment can be larger than 4 GiB). */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The CRC-32 of A‖B, given crc32(A), crc32(B) and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA >>> 0) ^ crcB) >>> 0;
}
