/**
 * Python's int(str, base) and float(str): which texts they take and the
 * number they make of each. One reading for every stage that reads a number
 * from text as Python does: PyYAML's int and float constructors, Jinja's
 * int and float filters and yaql's int() and float(), Heat's number
 * parameters and constraint bounds (Schema.str_to_num) and list indexes.
 *
 * CPython first maps the text to ASCII (_PyUnicode_TransformDecimalAndSpaceToASCII):
 * white space outside ASCII (NEL, no-break space, the Unicode spaces)
 * becomes a space and a Unicode decimal digit its ASCII digit, while ASCII
 * stays as it is; then it strips ASCII white space. So `\x85 5` is 5, but
 * `\ufeff5` (not white space) and `\x1c5` (white space to str.strip(), not
 * to int()) are not numbers; `٣` is 3. Digits are Unicode's as this
 * engine's Unicode tables know them.
 */
import { float, int, type PyNumber } from './python.js';

/** The white space int() and float() take around a number: ASCII's (\x1c-\x1f are not) and, outside ASCII, Unicode's. */
const NUMBER_SPACE = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Python refuses to convert longer decimal strings (sys.int_info.default_max_str_digits), in any base not a power of two. */
export const MAX_INT_DIGITS = 4300;

/**
 * The value of a Unicode decimal digit (`\p{Nd}`), as Python's int() and
 * str.format read them: digits come in runs of ten from a zero, some runs
 * back to back (the mathematical digits), so the value is the distance from
 * where the run of digits starts, modulo ten.
 */
export function decimalValue(digit: string): number {
  const cp = digit.codePointAt(0)!;
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** The text as int() and float() parse it: white space stripped, decimal digits in ASCII. */
function asciiNumber(text: string): string {
  const stripped = text.replace(NUMBER_SPACE, '');
  return /[^\x00-\x7f]/.test(stripped) ? stripped.replace(/\p{Nd}/gu, (d) => String(decimalValue(d))) : stripped;
}

const PREFIX_BASES: Record<string, number> = { b: 2, o: 8, x: 16 };
/** The bases BigInt() reads itself, with their prefixes (the digits are checked first: BigInt() would take any of these prefixes). */
const BIGINT_PREFIXES: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };

/** Where int() refuses a text for its length alone: how many digits it has. */
export interface TooManyDigits {
  digits: number;
}

/** Python's message for TooManyDigits. */
export const tooManyDigitsMessage = ({ digits }: TooManyDigits): string =>
  `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`;

/**
 * Python's int(text, base) (base 0, or 2 to 36): a sign, a prefix that
 * matches the base (any, for base 0), digits with single underscores
 * between them. Undefined where it raises ValueError for an invalid
 * literal, TooManyDigits where it does for more than MAX_INT_DIGITS digits
 * in a base that is not a power of two.
 */
export function intFromText(text: string, base: number): bigint | TooManyDigits | undefined {
  let s = asciiNumber(text);
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  let b = base;
  const prefix = /^0([bBoOxX])/.exec(s);
  if (prefix) {
    const prefixBase = PREFIX_BASES[prefix[1]!.toLowerCase()]!;
    if (b === 0 || b === prefixBase) {
      b = prefixBase;
      s = s.slice(2);
      // An underscore may follow the prefix: 0x_ff.
      if (s[0] === '_') s = s.slice(1);
    }
  }
  if (b === 0) {
    // Without a prefix, base 0 reads decimal, where a leading zero is allowed only in zero itself.
    if (/^0(_?0)*$/.test(s)) return 0n;
    if (s[0] === '0') return undefined;
    b = 10;
  }
  // As CPython scans: the run of the base's digits with single underscores between them (none
  // first or last), whose length alone may be refused, even with more text after it; then nothing else.
  let end = 0;
  let count = 0;
  for (let afterUnderscore = true; end < s.length; end++) {
    if (s[end] === '_') {
      if (afterUnderscore) return undefined;
      afterUnderscore = true;
    } else if (Number.parseInt(s[end]!, 36) < b) {
      afterUnderscore = false;
      count++;
    } else {
      break;
    }
  }
  if (count === 0 || s[end - 1] === '_') return undefined;
  if ((b & (b - 1)) !== 0 && count > MAX_INT_DIGITS) return { digits: count };
  if (end !== s.length) return undefined;
  const digits = s.replace(/_/g, '');
  const bigintPrefix = BIGINT_PREFIXES[b];
  if (bigintPrefix !== undefined) {
    const value = BigInt(`${bigintPrefix}${digits}`);
    return negative ? -value : value;
  }
  let value = 0n;
  const big = BigInt(b);
  for (const ch of digits) value = value * big + BigInt(Number.parseInt(ch, 36));
  return negative ? -value : value;
}

/** Python's float() syntax, once in ASCII: decimal or exponent notation, underscores between digits, inf/infinity/nan in any case. */
const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

/** Python's float(text), or undefined where it raises ValueError. */
export function floatFromText(text: string): number | undefined {
  const s = asciiNumber(text);
  if (!FLOAT_TEXT.test(s)) return undefined;
  const body = s.replace(/^[+-]/, '').toLowerCase();
  const magnitude = body === 'inf' || body === 'infinity' ? Infinity : body === 'nan' ? NaN : Number(body.replace(/_/g, ''));
  return s[0] === '-' ? -magnitude : magnitude;
}

/**
 * int(text) where Python's int() takes the text, else float(text), as this
 * value model stores them; undefined where both raise (Heat's
 * Schema.str_to_num of a str).
 */
export function numberFromText(text: string): PyNumber | undefined {
  const n = intFromText(text, 10);
  if (typeof n === 'bigint') return int(n);
  // int() refused it (for its form or its length): float() may take it.
  const x = floatFromText(text);
  return x === undefined ? undefined : float(x);
}
