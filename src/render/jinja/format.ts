/**
 * Python's string formatting: printf-style `format % args` and
 * `str.format()` with the format-spec mini-language for str, int, float
 * and complex.
 */
import {
  asciiEscape, formatBuiltin, formatFloat, formatInt, padFormatted, parseFormatSpec, pythonFormat, type FormatSpec, type SpecHooks,
} from '../../yaml/pyprint.js';
import { PyDate, PyDateTime, PyDict, PyFloat, PyTuple } from '../../yaml/python.js';
import { keyError, indexError, typeError, valueError, overflowError, raisePython } from './exceptions.js';
import { checkSize } from './limits.js';
import { isFloatValue, isIntValue, toFloat, floatToInt } from './numbers.js';
import { escapeHtml, getItem, isStr, MISSING_ITEM, pyRepr, pyStr, setPercentFormat, strLen, strValue, typeName, codePoints } from './py.js';
import { Markup, PyRange } from './values.js';
import { PyComplex } from './complex.js';
import { strftime } from './strftime.js';

/** The format-spec mini-language (yaml/pyprint.ts) raises the template's exceptions, and pads within the render's bound. */
const SPEC_HOOKS: SpecHooks = { raise: raisePython, checkWidth: (width) => checkSize(width, 'string') };

/** `format(value, spec)`: value.__format__(spec). */
export function formatValue(value: unknown, specText: string): string {
  const builtin = formatBuiltin(isStr(value) ? strValue(value) : value, specText, SPEC_HOOKS);
  if (builtin !== undefined) return builtin;
  if (value instanceof PyComplex && specText !== '') return formatComplex(value, parseFormatSpec(specText, 'complex', '', SPEC_HOOKS));
  if (value instanceof PyDate || value instanceof PyDateTime) return specText === '' ? pyStr(value) : strftime(value, specText);
  if (specText !== '') throw typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
  return pyStr(value);
}

/** CPython's format_complex_internal: each part formatted as a float, then the whole padded. */
function formatComplex(c: PyComplex, spec: FormatSpec): string {
  if (spec.type && !'eEfFgGn'.includes(spec.type)) throw valueError(`Unknown format code '${spec.type}' for object of type 'complex'`);
  if (spec.fill === '0') throw valueError('Zero padding is not allowed in complex format specifier');
  if (spec.align === '=') throw valueError("'=' alignment flag is not allowed in complex format specifier");
  // No type: like str(), with the real part left out when it is +0 and parentheses otherwise;
  // a precision then makes it 'g'.
  let type = spec.type === 'n' ? 'g' : spec.type;
  let precision = spec.precision;
  const bare = type === '';
  const skipRe = bare && c.re === 0 && !Object.is(c.re, -0);
  if (bare) type = precision === null ? 'r' : 'g';
  precision ??= bare ? 0 : 6;
  const part = (x: number, sign: string): string => {
    const text = formatFloat(x, { ...spec, sign, fill: ' ', align: '', zero: false, width: 0, type: type === 'r' ? '' : type, precision: type === 'r' ? null : precision }, SPEC_HOOKS);
    if (type !== 'r') return text;
    // repr digits carry no '.0'; '#' gives every finite part a decimal point.
    const digits = text.replace(/\.0$/, '');
    return spec.alternate && !digits.includes('.') && /\d$|e/.test(digits) && Number.isFinite(x) ? digits.replace(/(e|$)/, '.$1') : digits;
  };
  const im = part(c.im, skipRe ? spec.sign : '+');
  const body = skipRe ? `${im}j` : `${bare ? '(' : ''}${part(c.re, spec.sign)}${im}j${bare ? ')' : ''}`;
  return padFormatted(body, spec, '>', 0, SPEC_HOOKS);
}

// ------------------------------------------------------------------ str.format

/**
 * `fmt.format(*args, **kwargs)`, or `fmt.format_map(kwargs)` when `args` is
 * undefined; `kwargs` may be any mapping.
 */
export function formatString(fmt: string, args: unknown[] | undefined, kwargs: unknown): string {
  const result = pythonFormat(fmt, {
    args,
    keyword: (name) => (kwargs instanceof Map || kwargs instanceof PyDict ? kwargs.get(name) : undefined),
    attribute: (value, name) => pythonGetattr(value, name),
    item: subscript,
    repr: pyRepr,
    str: pyStr,
    formatValue,
    raise: raisePython,
  });
  checkSize(result.length, 'string');
  return result;
}

/** Python's `value[key]` in a format field, with Python's errors (jinja2's own subscript gives Undefined instead). */
function subscript(value: unknown, key: number | string): unknown {
  if (isStr(value) && typeof key === 'string') throw typeError("string indices must be integers, not 'str'");
  const found = getItem(value, key);
  if (found !== MISSING_ITEM) return found;
  if (value instanceof PyDict) throw keyError(pyRepr(key));
  if (isStr(value)) throw indexError('string index out of range');
  if (Array.isArray(value)) throw indexError(`${typeName(value)} index out of range`);
  if (value instanceof PyRange) throw indexError('range object index out of range');
  throw typeError(`'${typeName(value)}' object is not subscriptable`);
}

function asciiRepr(v: unknown): string {
  return asciiEscape(pyRepr(v));
}

let pythonGetattr: (obj: unknown, name: string) => unknown = () => undefined;
/** Python's plain getattr (not jinja2's), registered by the runtime. */
export function setPythonGetattr(fn: typeof pythonGetattr): void {
  pythonGetattr = fn;
}

// ------------------------------------------------------------------ printf-style

/** `format % args`. */
export function percentFormat(format: string | Markup, args: unknown): unknown {
  const markup = format instanceof Markup;
  const fmt = strValue(format);
  const escapeArg = (v: unknown) => (markup && !(v instanceof Markup) ? escapeForMarkup(v) : v);
  const isMapping = args instanceof PyDict;
  const values = args instanceof PyTuple ? [...args] : [args];
  let next = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (args instanceof PyTuple) {
      if (next >= values.length) throw typeError('not enough arguments for format string');
      return values[next++];
    }
    if (next > 0) throw typeError('not enough arguments for format string');
    next++;
    return args;
  };
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const m = /^%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)/s.exec(fmt.slice(i));
    const [whole, key, flags, widthText, precText, conv] = m!;
    if (conv === '') throw valueError('incomplete format');
    if (conv === '%' && key === undefined && !flags && !widthText && precText === undefined) {
      out += '%';
      i += whole!.length - 1;
      continue;
    }
    let value: unknown;
    if (key !== undefined) {
      if (!isMapping) throw typeError('format requires a mapping');
      usedMapping = true;
      const found = (args as PyDict).get(key);
      if (found === undefined) throw keyError(pyRepr(key));
      value = found;
    }
    const width = widthText === '*' ? Number(take()) : widthText ? Number(widthText) : 0;
    const precision = precText === '*' ? Number(take()) : precText !== undefined ? Number(precText || '0') : null;
    if (key === undefined && conv !== '%') value = take();
    const spec: FormatSpec = {
      fill: ' ', align: flags!.includes('-') ? '<' : '', noNegZero: false, sign: flags!.includes('+') ? '+' : flags!.includes(' ') ? ' ' : '',
      alternate: flags!.includes('#'), zero: flags!.includes('0') && !flags!.includes('-'), width: Math.abs(width), grouping: '', precision, type: '',
    };
    if (width < 0) spec.align = '<';
    out += convert(conv!, value, spec, escapeArg, i + whole!.length - 1);
    i += whole!.length - 1;
  }
  if (!usedMapping && !isMapping && args instanceof PyTuple && next < values.length) throw typeError('not all arguments converted during string formatting');
  // Python takes any non-tuple, non-str object with __getitem__ for a mapping, and then does not complain.
  const mappingLike = isMapping || (Array.isArray(args) && !(args instanceof PyTuple)) || args instanceof PyRange;
  if (!(args instanceof PyTuple) && !mappingLike && next === 0) throw typeError('not all arguments converted during string formatting');
  checkSize(out.length, 'string');
  return markup ? new Markup(out) : out;
}

function escapeForMarkup(v: unknown): Markup {
  return new Markup(escapeHtml(pyStr(v)));
}

function convert(conv: string, value: unknown, spec: FormatSpec, escapeArg: (v: unknown) => unknown, index: number): string {
  const pad = (s: string) => (spec.width > strLen(s) ? (spec.align === '<' ? s + ' '.repeat(spec.width - strLen(s)) : ' '.repeat(spec.width - strLen(s)) + s) : s);
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      const v = escapeArg(value);
      let s = conv === 's' ? pyStr(v) : conv === 'r' ? pyRepr(v) : asciiRepr(v);
      if (spec.precision !== null) s = codePoints(s).slice(0, spec.precision).join('');
      return pad(s);
    }
    case 'd':
    case 'i':
    case 'u': {
      const n = numberArg(value, `%${conv} format: a real number is required, not ${typeName(value)}`);
      const i = isIntValue(n) ? n : floatToInt(toFloat(n as number));
      const s = formatInt(i, { ...spec, type: 'd', precision: null, width: 0, zero: false, align: '' }, SPEC_HOOKS);
      return zeroPad(precisionDigits(s, spec.precision), spec);
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = value;
      if (!isIntValue(n) && typeof n !== 'boolean') throw typeError(`%${conv} format: an integer is required, not ${typeName(n)}`);
      const s = formatInt(typeof n === 'boolean' ? Number(n) : n, { ...spec, type: conv, width: 0, zero: false, align: '' }, SPEC_HOOKS);
      return zeroPad(precisionDigits(s, spec.precision), spec);
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      const n = numberArg(value, `must be real number, not ${typeName(value)}`);
      const x = typeof n === 'bigint' ? Number(n) : toFloat(n as number);
      const s = formatFloat(x, { ...spec, type: conv, precision: spec.precision ?? 6, width: 0, zero: false, align: '' }, SPEC_HOOKS);
      return zeroPad(s, spec);
    }
    case 'c': {
      if (isStr(value)) {
        if (strLen(strValue(value)) !== 1) throw typeError('%c requires int or char');
        return pad(strValue(value));
      }
      if (!isIntValue(value) && typeof value !== 'boolean') throw typeError('%c requires int or char');
      const cp = Number(value);
      if (cp < 0 || cp > 0x10ffff) throw overflowError('%c arg not in range(0x110000)');
      return pad(String.fromCodePoint(cp));
    }
    case '%':
      return pad('%');
    default: {
      const cp = conv.codePointAt(0)!;
      throw valueError(`unsupported format character '${conv}' (0x${cp.toString(16)}) at index ${index}`);
    }
  }
}

function numberArg(value: unknown, message: string): unknown {
  if (isIntValue(value) || isFloatValue(value) || typeof value === 'boolean') return typeof value === 'boolean' ? Number(value) : value instanceof PyFloat ? value.value : value;
  throw typeError(message);
}

function precisionDigits(s: string, precision: number | null): string {
  if (precision === null) return s;
  const m = /^([-+ ]?)(0[xXo])?(.*)$/.exec(s)!;
  return m[1]! + (m[2] ?? '') + m[3]!.padStart(precision, '0');
}

function zeroPad(s: string, spec: FormatSpec): string {
  const n = strLen(s);
  if (spec.width <= n) return s;
  if (spec.align === '<') return s + ' '.repeat(spec.width - n);
  if (spec.zero && /^[-+ ]?(0[xXo])?[0-9a-fA-F.]/.test(s) && !/inf|nan/i.test(s)) {
    const m = /^([-+ ]?(?:0[xXo])?)(.*)$/.exec(s)!;
    return m[1]! + '0'.repeat(spec.width - n) + m[2]!;
  }
  return ' '.repeat(spec.width - n) + s;
}

setPercentFormat(percentFormat);
