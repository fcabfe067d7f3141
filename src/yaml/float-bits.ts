/** Doubles as exact integers and back: the one place that reads a double's bits or rounds an exact value to one. */

/** A finite double as an integer mantissa (signed) times 2^exponent. */
export function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  return { mantissa: bits >> 63n ? -mantissa : mantissa, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/**
 * The integer n times 2^exponent rounded once to a double, half to even,
 * subnormals included (Number(n) * 2 ** e would round twice there);
 * Infinity when it overflows.
 */
export function roundScaled(n: bigint, exponent: number): number {
  if (n === 0n) return 0;
  const negative = n < 0n;
  let m = negative ? -n : n;
  let e = exponent;
  const bits = m.toString(2).length;
  // Bits the result can keep: 53, fewer below 2^-1022 (the leading bit is 2^(bits - 1 + e)).
  const keep = Math.min(53, bits + e + 1074);
  // Below half the smallest subnormal, 2^-1075 itself included (a tie goes to the even 0).
  if (keep < 0) return negative ? -0 : 0;
  const drop = bits - keep;
  if (drop > 0) {
    const d = BigInt(drop);
    const q = m >> d;
    const rest = m - (q << d);
    const half = 1n << (d - 1n);
    m = rest > half || (rest === half && (q & 1n) === 1n) ? q + 1n : q;
    e += drop;
  }
  // m has at most 54 bits (53, or a carry to a power of two), so the products below are exact or overflow.
  let value = Number(m);
  while (e > 1000) {
    value *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    value *= 2 ** -1000;
    e += 1000;
  }
  value *= 2 ** e;
  return negative ? -value : value;
}
