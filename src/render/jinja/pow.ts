/**
 * x ** y for a finite positive x and a finite y, correctly rounded, as
 * glibc's pow (which CPython's float ** calls) rounds it; V8's Math.pow is
 * fdlibm's and is off by an ulp for about one argument pair in twenty
 * (0.5 ** 1.5). Computed as exp(y * log(x)) in double-double arithmetic
 * (about 104 bits), then rounded once, subnormal results included: it
 * differs from a correctly rounded result only when the exact power lies
 * within 2^-90 of a rounding boundary.
 */
import { decompose, roundScaled } from '../../yaml/float-bits.js';

/** A double-double: hi + lo with |lo| <= ulp(hi) / 2. */
type DD = [number, number];

const SPLITTER = 134217729; // 2^27 + 1, Dekker's splitting constant

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = add(a, neg(mul(b, [q1, 0])));
  const q2 = r[0] / b[0];
  r = add(r, neg(mul(b, [q2, 0])));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

const neg = (a: DD): DD => [-a[0], -a[1]];

/** ln 2 to 107 bits. */
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** ln(x) for a finite x > 0: k ln 2 + 2 atanh((m - 1) / (m + 1)) with m = x / 2^k in [sqrt(1/2), sqrt(2)). */
function log(x: number): DD {
  // Math.log2 may be off by one near a power of two; the loops settle m (each step is exact).
  let k = Math.floor(Math.log2(x));
  let m = x / 2 ** k;
  while (m >= Math.SQRT2) {
    m /= 2;
    k++;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    k--;
  }
  // m - 1 is exact (Sterbenz); m + 1 is kept as a double-double.
  const s = div([m - 1, 0], twoSum(m, 1));
  const s2 = mul(s, s);
  let term = s;
  let sum = s;
  for (let n = 3; Math.abs(term[0]) > 1e-40; n += 2) {
    term = mul(term, s2);
    sum = add(sum, div(term, [n, 0]));
  }
  return add(mul(LN2, [k, 0]), add(sum, sum));
}

/** exp(t) as a double-double times 2^k (k returned apart, so that no step overflows or goes subnormal). */
function exp(t: DD): { value: DD; k: number } {
  const k = Math.round(t[0] / LN2[0]);
  // r = t - k ln 2, |r| <= 0.35, then exp(r) = (1 + u)^(2^10) with u = expm1(r / 2^10).
  const r = add(t, neg(mul(LN2, [k, 0])));
  const x: DD = [r[0] / 1024, r[1] / 1024];
  let term = x;
  let u = x;
  for (let n = 2; Math.abs(term[0]) > 1e-40; n++) {
    term = div(mul(term, x), [n, 0]);
    u = add(u, term);
  }
  for (let i = 0; i < 10; i++) u = add(add(u, u), mul(u, u));
  return { value: add([1, 0], u), k };
}

/** hi + lo times 2^k, rounded once to a double, through exact integers. */
function round(value: DD, k: number): number {
  const hi = decompose(value[0]);
  const lo = value[1] === 0 ? hi : decompose(value[1]);
  const e = Math.min(hi.exponent, lo.exponent);
  let n = hi.mantissa << BigInt(hi.exponent - e);
  if (value[1] !== 0) n += lo.mantissa << BigInt(lo.exponent - e);
  return roundScaled(n, e + k);
}

/**
 * x ** y for a finite x > 0 and a finite y: Infinity when it overflows,
 * 0 when it underflows (as glibc rounds; CPython raises on the first only).
 */
export function correctlyRoundedPow(x: number, y: number): number {
  const l = log(x);
  const estimate = y * l[0];
  // Far outside the double range whatever the rounding (and beyond what Dekker's split can multiply).
  if (estimate > 710) return Infinity;
  if (estimate < -746) return 0;
  const [p, e] = twoProd(y, l[0]);
  const t = quickTwoSum(p, e + y * l[1]);
  const { value, k } = exp(t);
  return round(value, k);
}
