/**
 * Python's numbers: int (a safe-integer number or a bigint), float (a
 * non-integral number or a PyFloat), bool counting as int; the arithmetic
 * of CPython 3.11 (floor division and modulo with the sign of the divisor,
 * true division, exact big integers) and its float printing, exactly
 * rounded (repr, '%f', '%e', '%g' and format specs).
 */
import { exactDigits, fixedDigits, intRepr, roundDigits, strRepr } from '../../yaml/pyprint.js';
import { floatFromText, intFromText, tooManyDigitsMessage } from '../../yaml/python-numbers.js';
import { int, PyFloat } from '../../yaml/python.js';
import { overflowError, raisePython, typeError, valueError, zeroDivisionError } from './exceptions.js';
import { decompose, roundScaled } from '../../yaml/float-bits.js';
import { correctlyRoundedPow } from './pow.js';

export type Int = number | bigint;

export const isIntValue = (v: unknown): v is Int => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
export const isFloatValue = (v: unknown): v is number | PyFloat => v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
/** int, float or bool: what Python arithmetic accepts. */
export const isNumeric = (v: unknown): v is number | bigint | boolean | PyFloat =>
  typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof PyFloat;

/** A float result, boxed when integral so that it stays a float. */
export function mkFloat(x: number): number | PyFloat {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

export const toFloat = (v: number | bigint | boolean | PyFloat): number => (v instanceof PyFloat ? v.value : Number(v));
const toBig = (v: Int | boolean): bigint => (typeof v === 'bigint' ? v : BigInt(Number(v)));
/** An int or bool as an Int. */
export const asInt = (v: Int | boolean): Int => (typeof v === 'boolean' ? Number(v) : v);

/** Largest int (in bits) tht computes; far beyond what Python can print (4300 digits). */
export const MAX_INT_BITS = 1 << 20;

function checkIntSize(n: bigint): bigint {
  if ((n < 0n ? -n : n).toString(16).length * 4 > MAX_INT_BITS) throw overflowError(`integer larger than 2**${MAX_INT_BITS} (tht's bound)`);
  return n;
}

export function intAdd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return Number.isSafeInteger(r) ? r : int(BigInt(a) + BigInt(b));
  }
  return int(checkIntSize(toBig(a) + toBig(b)));
}
export function intSub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return Number.isSafeInteger(r) ? r : int(BigInt(a) - BigInt(b));
  }
  return int(toBig(a) - toBig(b));
}
export function intMul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  return int(checkIntSize(toBig(a) * toBig(b)));
}
export function intFloorDiv(a: Int, b: Int): Int {
  if (b == 0) throw zeroDivisionError('integer division or modulo by zero');
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    let q = (a - r) / b;
    if (r !== 0 && r < 0 !== b < 0) q -= 1;
    return q === 0 ? 0 : q;
  }
  const x = toBig(a);
  const y = toBig(b);
  let q = x / y;
  if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
  return int(q);
}
export function intMod(a: Int, b: Int): Int {
  if (b == 0) throw zeroDivisionError('integer modulo by zero');
  if (typeof a === 'number' && typeof b === 'number') {
    let r = a % b;
    if (r !== 0 && r < 0 !== b < 0) r += b;
    return r === 0 ? 0 : r;
  }
  const y = toBig(b);
  let r = toBig(a) % y;
  if (r !== 0n && r < 0n !== y < 0n) r += y;
  return int(r);
}
/** int / int: correctly rounded, as CPython computes it. */
export function intTrueDiv(a: Int, b: Int): number {
  if (b == 0) throw zeroDivisionError('division by zero');
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  const x = toBig(a);
  const y = toBig(b);
  const negative = x < 0n !== y < 0n;
  const n = x < 0n ? -x : x;
  const d = y < 0n ? -y : y;
  // Scale so that the quotient has 64+ significant bits, then round once.
  const shift = 64 - (bitLength(n) - bitLength(d));
  const q = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
  const exact = shift >= 0 ? (n << BigInt(shift)) % d === 0n : n % (d << BigInt(-shift)) === 0n;
  // A sticky bit keeps round-half-even honest when the division was inexact.
  const value = roundScaled(exact ? q : q | 1n, -shift);
  if (!Number.isFinite(value)) throw overflowError('integer division result too large for a float');
  return negative ? -value : value;
}
export function intPow(a: Int, b: Int): Int | number | PyFloat {
  if (b < 0) {
    if (a == 0) throw zeroDivisionError('0.0 cannot be raised to a negative power');
    return mkFloat(floatPow(intToFloat(a), Number(b)));
  }
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a ** b;
    if (Number.isSafeInteger(r)) return r;
  }
  const base = toBig(a);
  if (base === 0n || base === 1n) return int(base);
  if (base === -1n) return toBig(b) % 2n === 0n ? 1 : -1;
  if (Number(b) * bitLength(base < 0n ? -base : base) > MAX_INT_BITS) {
    throw overflowError(`integer larger than 2**${MAX_INT_BITS} (tht's bound)`);
  }
  return int(base ** toBig(b));
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Python's float `//` and `%` (CPython's float_divmod). */
export function floatDivmod(vx: number, wx: number): [number, number] {
  if (wx === 0) throw zeroDivisionError('float divmod()');
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  // C's `if (mod)`: NaN counts as true.
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1;
    }
  } else {
    mod = Math.sign(wx) * 0 || (wx < 0 ? -0 : 0);
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    const q = vx / wx;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

export function floatMod(vx: number, wx: number): number {
  if (wx === 0) throw zeroDivisionError('float modulo');
  let mod = vx % wx;
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) mod += wx;
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  return mod;
}

/** Python's float `**`: C's pow, with CPython's errors. */
export function floatPow(x: number, y: number): number {
  if (x === 0 && y < 0) throw zeroDivisionError('0.0 cannot be raised to a negative power');
  const r = libmPow(x, y);
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw overflowError('(34, \'Numerical result out of range\')');
  return r;
}

/** C's pow(x, y) as glibc computes it: correctly rounded (exactly for integral exponents), C's special cases. */
export function libmPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  // C's pow(-1, ±inf) is 1; Math.pow's is NaN.
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  // Infinities, NaNs and zeros: Math.pow follows C's special cases.
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0) return Math.pow(x, y);
  if (Number.isInteger(y) && Math.abs(y) <= 2048) return exactPow(x, y);
  if (x < 0 && !Number.isInteger(y)) return NaN;
  const magnitude = correctlyRoundedPow(Math.abs(x), y);
  return x < 0 && Math.abs(y) % 2 === 1 ? -magnitude : magnitude;
}

/** x ** n for an integral n, computed exactly and rounded once. */
function exactPow(x: number, n: number): number {
  const { mantissa, exponent } = decompose(Math.abs(x));
  const negative = x < 0 && n % 2 !== 0;
  const k = Math.abs(n);
  const num = mantissa ** BigInt(k);
  const scale = exponent * k;
  let value: number;
  if (n >= 0) value = roundScaled(num, scale);
  else value = scale >= 0 ? intTrueDivOrZero(1n, num << BigInt(scale)) : intTrueDivOrZero(1n << BigInt(-scale), num);
  return negative ? -value : value;
}

function intTrueDivOrZero(a: bigint, b: bigint): number {
  try {
    return intTrueDiv(a, b);
  } catch {
    return Infinity;
  }
}


// ---------------------------------------------------------------- printing

/** `str(int)`, raising the template's ValueError past Python's digit limit. */
export const intToString = (n: Int): string => intRepr(n, raisePython);

/** Python's `round(x, ndigits)` for floats: exactly rounded, half to even. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits > 308) return x;
  const negative = x < 0 || Object.is(x, -0);
  if (ndigits < -308) return negative ? -0 : 0;
  return Number((negative ? '-' : '') + fixedDigitsSigned(x, ndigits));
}

function fixedDigitsSigned(x: number, ndigits: number): string {
  if (ndigits >= 0) return fixedDigits(x, ndigits);
  const exact = exactDigits(Math.abs(x));
  const r = roundDigits(exact, exact.point + ndigits);
  if (r.digits === '0' || exact.point + ndigits < 0) return '0';
  return r.digits + '0'.repeat(Math.max(0, r.point - r.digits.length));
}

/** Python's `round(int, ndigits)` with negative ndigits: half to even. */
export function roundInt(n: Int, ndigits: number): Int {
  if (ndigits >= 0) return n;
  const p = 10n ** BigInt(-ndigits);
  const x = toBig(n);
  let q = x / p;
  let r = x % p;
  if (r < 0n) {
    r += p;
    q -= 1n;
  }
  const twice = 2n * r;
  if (twice > p || (twice === p && q % 2n !== 0n)) q += 1n;
  return int(q * p);
}

/** Python's `int(float)`: truncation; an error for nan and inf. */
export function floatToInt(x: number): Int {
  if (Number.isNaN(x)) throw valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw overflowError('cannot convert float infinity to integer');
  return int(Math.trunc(x) === 0 ? 0 : Number.isSafeInteger(Math.trunc(x)) ? Math.trunc(x) : BigInt(Math.trunc(x)));
}

/** Python's `float(int)`: an error when the int is too large. */
export function intToFloat(n: Int): number {
  const x = Number(n);
  if (!Number.isFinite(x)) throw overflowError('int too large to convert to float');
  return x;
}

/** Python's `int(str, base)`: a ValueError where it refuses the text or the base. */
export function parseIntString(text: string, base: number): Int {
  if (base !== 0 && (base < 2 || base > 36)) throw valueError('int() base must be >= 2 and <= 36, or 0');
  const value = intFromText(text, base);
  if (value === undefined) throw valueError(`invalid literal for int() with base ${base}: ${strRepr(text)}`);
  if (typeof value !== 'bigint') throw valueError(tooManyDigitsMessage(value));
  return int(value);
}

/** Python's `float(str)`: a ValueError where it refuses the text. */
export function parseFloatString(text: string, shown = strRepr(text)): number {
  const value = floatFromText(text);
  if (value === undefined) throw valueError(`could not convert string to float: ${shown}`);
  return value;
}

export function checkedFloat(v: number | bigint | boolean | PyFloat): number {
  if (typeof v === 'bigint') return intToFloat(v);
  return toFloat(v);
}

export function unsupported(op: string, a: string, b: string): never {
  throw typeError(`unsupported operand type(s) for ${op}: '${a}' and '${b}'`);
}
