/**
 * Python's complex numbers as CPython 3.11 computes them (complexobject.c).
 * A template meets one only as the result of a negative float raised to a
 * fractional power (float_pow hands those to complex_pow); from there it
 * flows through `+ - * / **` with ints, bools, floats and other complex
 * numbers, unary `-`/`+`, `abs()`, `==`, truthiness and hashing. Python has
 * no `//`, `%` or ordering for complex numbers, so those fall through to
 * the TypeErrors of the operators in py.ts.
 *
 * The C code reports errors through errno, set by its own checks and by
 * libm (hypot, pow and exp on overflow, cos and sin of an infinity); each
 * operation here follows the same errno to raise what CPython raises.
 */
import { floatRepr } from '../../yaml/pyprint.js';
import { PY_HASH } from '../../yaml/python.js';
import { overflowError, zeroDivisionError } from './exceptions.js';
import { decompose, roundScaled } from '../../yaml/float-bits.js';
import { bitLength, checkedFloat, isNumeric, libmPow } from './numbers.js';

export class PyComplex {
  readonly pyTypeName = 'complex';
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}

  /**
   * Equal numbers are one dict key: with a zero imaginary part a complex
   * is the key of its real part (`{1: 'a'}` has the key `1+0j`). A NaN part
   * hashes by identity, as CPython 3.10+ hashes NaN.
   */
  [PY_HASH](): unknown {
    if (Number.isNaN(this.re) || Number.isNaN(this.im)) return this;
    return this.im === 0 ? this.re : Symbol.for(`complex(${this.re}, ${this.im})`);
  }
}

/** CPython's TO_COMPLEX: an int, bool or float operand as a complex (OverflowError for an int beyond the float range); undefined for any other type. */
export function toComplex(v: unknown): PyComplex | undefined {
  if (v instanceof PyComplex) return v;
  if (isNumeric(v)) return new PyComplex(checkedFloat(v), 0);
  return undefined;
}

export const complexAdd = (a: PyComplex, b: PyComplex): PyComplex => new PyComplex(a.re + b.re, a.im + b.im);
export const complexSub = (a: PyComplex, b: PyComplex): PyComplex => new PyComplex(a.re - b.re, a.im - b.im);
export const complexMul = (a: PyComplex, b: PyComplex): PyComplex => new PyComplex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export const complexNeg = (a: PyComplex): PyComplex => new PyComplex(-a.re, -a.im);
export const complexTruthy = (a: PyComplex): boolean => a.re !== 0 || a.im !== 0;

const EDOM = 1;
const ERANGE = 2;
/** C's errno as the complex functions leave it. */
interface Errno {
  value: number;
}

/** _Py_c_quot: Smith's division; EDOM for a zero divisor. */
function quot(a: PyComplex, b: PyComplex, errno: Errno): PyComplex {
  const absRe = Math.abs(b.re);
  const absIm = Math.abs(b.im);
  if (absRe >= absIm) {
    if (absRe === 0) {
      errno.value = EDOM;
      return new PyComplex(0, 0);
    }
    const ratio = b.im / b.re;
    const denom = b.re + b.im * ratio;
    return new PyComplex((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom);
  }
  if (absIm >= absRe) {
    const ratio = b.re / b.im;
    const denom = b.re * ratio + b.im;
    return new PyComplex((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom);
  }
  return new PyComplex(NaN, NaN); // a NaN in the divisor
}

export function complexDiv(a: PyComplex, b: PyComplex): PyComplex {
  const errno = { value: 0 };
  const r = quot(a, b, errno);
  if (errno.value === EDOM) throw zeroDivisionError('complex division by zero');
  return r;
}

/** libm's errno for a result computed from finite arguments: ERANGE when it overflowed. */
function rangeCheck(result: number, errno: Errno, ...args: number[]): number {
  if (!Number.isFinite(result) && !Number.isNaN(result) && args.every(Number.isFinite)) errno.value = ERANGE;
  return result;
}

/** cos/sin: EDOM for an infinite argument. */
function trig(fn: (x: number) => number, x: number, errno: Errno): number {
  if (x === Infinity || x === -Infinity) errno.value = EDOM;
  return fn(x);
}

/** _Py_c_pow: the polar form. */
function cpow(a: PyComplex, b: PyComplex, errno: Errno): PyComplex {
  if (b.re === 0 && b.im === 0) return new PyComplex(1, 0);
  if (a.re === 0 && a.im === 0) {
    if (b.im !== 0 || b.re < 0) errno.value = EDOM;
    return new PyComplex(0, 0);
  }
  const vabs = rangeCheck(hypot(a.re, a.im), errno, a.re, a.im);
  let len = rangeCheck(libmPow(vabs, b.re), errno, vabs, b.re);
  const at = Math.atan2(a.im, a.re);
  let phase = at * b.re;
  if (b.im !== 0) {
    len /= rangeCheck(Math.exp(at * b.im), errno, at * b.im);
    phase += b.im * Math.log(vabs);
  }
  return new PyComplex(len * trig(Math.cos, phase, errno), len * trig(Math.sin, phase, errno));
}

/** c_powu: binary powering by a non-negative integer. */
function powu(x: PyComplex, n: number): PyComplex {
  let r = new PyComplex(1, 0);
  let p = x;
  for (let mask = 1; mask <= n; mask *= 2) {
    if (Math.floor(n / mask) % 2 === 1) r = complexMul(r, p);
    p = complexMul(p, p);
  }
  return r;
}

/** complex_pow: small integral exponents by repeated multiplication, others in polar form. */
export function complexPow(a: PyComplex, b: PyComplex): PyComplex {
  const errno = { value: 0 };
  let p: PyComplex;
  if (b.im === 0 && b.re === Math.floor(b.re) && Math.abs(b.re) <= 100) {
    p = b.re > 0 ? powu(a, b.re) : quot(new PyComplex(1, 0), powu(a, -b.re), errno);
  } else p = cpow(a, b, errno);
  // _Py_ADJUST_ERANGE2: an infinite part is an overflow, an underflow is not an error.
  const isInf = (x: number) => x === Infinity || x === -Infinity;
  if (isInf(p.re) || isInf(p.im)) {
    if (errno.value === 0) errno.value = ERANGE;
  } else if (errno.value === ERANGE) errno.value = 0;
  if (errno.value === EDOM) throw zeroDivisionError('0.0 to a negative or complex power');
  if (errno.value === ERANGE) throw overflowError('complex exponentiation');
  return p;
}

/** _Py_c_abs: an infinite part makes it infinite even beside a NaN. */
export function complexAbs(a: PyComplex): number {
  if (!Number.isFinite(a.re) || !Number.isFinite(a.im)) {
    if (a.re === Infinity || a.re === -Infinity || a.im === Infinity || a.im === -Infinity) return Infinity;
    return NaN;
  }
  const r = hypot(a.re, a.im);
  if (!Number.isFinite(r)) throw overflowError('absolute value too large');
  return r;
}

/** complex_richcompare's `==`: with an int or float only when the imaginary part is zero. */
export function complexEquals(a: PyComplex, other: unknown): boolean | undefined {
  const b = toComplexExact(other);
  if (b === undefined) return undefined;
  return a.re === b.re && a.im === b.im;
}

/** An operand of `==` as a complex, without the float conversion's overflow (a huge int is simply unequal). */
function toComplexExact(v: unknown): PyComplex | undefined {
  if (v instanceof PyComplex) return v;
  if (!isNumeric(v)) return undefined;
  const x = typeof v === 'bigint' ? Number(v) : Number(v.valueOf());
  // An int beyond 2**53 equals a float only when it converts exactly.
  if (typeof v === 'bigint' && (!Number.isFinite(x) || BigInt(x) !== v)) return new PyComplex(NaN, 0);
  return new PyComplex(x, 0);
}

/**
 * hypot(x, y) correctly rounded, as glibc's hypot rounds in all but rare
 * cases (JS's Math.hypot is less exact): the exact sum of squares, its
 * integer square root and one rounding.
 */
export function hypot(x: number, y: number): number {
  if (x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 || y === 0) return Math.abs(x) + Math.abs(y);
  const { mantissa: mx, exponent: ex } = decompose(Math.abs(x));
  const { mantissa: my, exponent: ey } = decompose(Math.abs(y));
  // x = X * 2^e and y = Y * 2^e for the smaller exponent e, so hypot = sqrt(X^2 + Y^2) * 2^e.
  const e = Math.min(ex, ey);
  const sum = (mx << BigInt(ex - e)) ** 2n + (my << BigInt(ey - e)) ** 2n;
  // Scale by an even power of two so that the root has 65+ bits, then round it once to a double.
  const shift = Math.max(0, 130 - bitLength(sum)) & ~1;
  const scaled = sum << BigInt(shift);
  const root = isqrt(scaled);
  // A sticky bit keeps an inexact root from looking like an exact halfway case.
  const digits = (root << 1n) | (root * root === scaled ? 0n : 1n);
  return roundScaled(digits, e - shift / 2 - 1);
}


/** floor(sqrt(n)) by Newton's method from a power of two above the root. */
function isqrt(n: bigint): bigint {
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** repr(): shortest digits without '.0', the real part left out when it is +0 (CPython's complex_repr). */
export function complexRepr(c: PyComplex): string {
  const im = complexPart(c.im);
  if (c.re === 0 && !Object.is(c.re, -0)) return `${im}j`;
  return `(${complexPart(c.re)}${withSign(im)}j)`;
}

/** A part of a complex repr: float repr with no '.0' ('nan' never has a sign). */
export function complexPart(x: number): string {
  const r = floatRepr(x);
  return r.endsWith('.0') ? r.slice(0, -2) : r;
}

/** The imaginary part of a repr with its sign always shown. */
const withSign = (text: string): string => (text.startsWith('-') ? text : `+${text}`);
