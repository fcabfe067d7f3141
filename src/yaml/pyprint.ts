/**
 * Python's printing, once for the whole project: `repr()` of floats, ints and
 * strs, `ascii()`, `json.dumps`, and the `str.format` field parser, as
 * CPython 3.11 has them. Both engines print through it: the Jinja engine
 * (src/render/jinja) and the yaql evaluator with Heat's data (src/heat/yaql,
 * src/heat/python-data.ts). It knows only the shared value model
 * (python.ts); what differs between the engines (their exception classes,
 * their own value types, attribute and item lookup) comes in as arguments.
 */
import { decompose } from './float-bits.js';
import { decimalValue } from './python-numbers.js';
import { PyDict, PyFloat, codePoints, isPlainMapping, strLen } from './python.js';

/** How an engine raises a Python exception: its own error, from the Python class name and `str(e)`. */
export type RaisePython = (pyType: 'TypeError' | 'ValueError' | 'IndexError' | 'KeyError' | 'OverflowError', message: string) => Error;

// ---- numbers -------------------------------------------------------------------

/** Python's repr of a float (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** How Python prints a number of the model: ints as digits, floats by repr (`1.0`). */
export function numberRepr(v: number | bigint | PyFloat): string {
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'bigint' || Number.isInteger(v)) return String(v);
  return floatRepr(v);
}

/** CPython's default sys.get_int_max_str_digits(). */
const MAX_STR_DIGITS = 4300;

/** `str(int)`, with CPython's limit on the digits it converts. */
export function intRepr(n: number | bigint, raise: RaisePython): string {
  if (typeof n === 'number') return String(n);
  const s = n.toString();
  if (s.length - (n < 0n ? 1 : 0) > MAX_STR_DIGITS) {
    throw raise('ValueError', `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`);
  }
  return s;
}

/** Python's json spelling of a float (`NaN`, `Infinity` instead of repr's `nan`, `inf`). */
export function jsonFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return floatRepr(n);
}

// ---- str -----------------------------------------------------------------------

/** Python's `\xhh`, `\uhhhh` or `\Uhhhhhhhh` escape of a code point. */
export function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Characters CPython's str repr escapes (not printable: Unicode's C and Z categories but the space). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
/** Strings that repr only wraps in single quotes. */
const PLAIN_ASCII = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

/** Python's repr of a str. */
export function strRepr(s: string): string {
  if (PLAIN_ASCII.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

/** len(repr(s)) in code points, without writing the repr of a string that is only wrapped in quotes. */
export function strReprLength(s: string): number {
  return PLAIN_ASCII.test(s) ? s.length + 2 : strLen(strRepr(s));
}

/** `ascii(x)` from `repr(x)`: every non-ASCII character as its escape. */
export function asciiEscape(repr: string): string {
  return repr.replace(/[^\x00-\x7f]/gu, (ch) => escapeCodePoint(ch.codePointAt(0)!));
}

// ---- json.dumps ----------------------------------------------------------------

/** A JSON string literal as json.dumps writes it (ensure_ascii: all but printable ASCII escaped). */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || cp > 0x7e) {
      if (cp > 0xffff) {
        const v = cp - 0x10000;
        out += `\\u${(0xd800 + (v >> 10)).toString(16).padStart(4, '0')}\\u${(0xdc00 + (v & 0x3ff)).toString(16).padStart(4, '0')}`;
      } else out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/**
 * A dict key as Python's json module writes it (json.dumps turns every key
 * into a string): `True` -> "true", `None` -> "null", `1` -> "1", `1.0` ->
 * "1.0", NaN -> "NaN". Undefined for keys json refuses (dates, bytes, tuples).
 */
export function jsonKey(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (key === true) return 'true';
  if (key === false) return 'false';
  if (key === null) return 'null';
  if (typeof key === 'bigint') return String(key);
  if (typeof key === 'number') return Number.isInteger(key) ? String(key) : jsonFloat(key);
  if (key instanceof PyFloat) return jsonFloat(key.value);
  return undefined;
}

export interface JsonDumpsOptions {
  /** How the engine raises Python's TypeError and ValueError. */
  raise: RaisePython;
  /** `type(v).__name__`, for the message about a value json cannot write. */
  typeName: (v: unknown) => string;
  /** sort_keys=True: Python's `<` between two keys (raising, as Python does, for keys that do not compare). */
  sortKeys?: (a: unknown, b: unknown) => boolean;
  /** indent=: the indent text (items then end in ',' alone); absent or null, one line with ', '. */
  indent?: string | null;
  /** The text of a value the engine takes for a str besides strings (Jinja's Markup). */
  strText?: (v: unknown) => string | undefined;
  /** default=: a value json can write instead of one it cannot; undefined where there is none (Python's TypeError). */
  default?: (v: unknown) => unknown;
}

/**
 * Python's `json.dumps(value)` (ensure_ascii, allow_nan, check_circular),
 * with `sort_keys` and `indent` as options. Dicts are PyDicts or plain
 * objects (template data), lists arrays (tuples among them).
 */
export function jsonDumps(value: unknown, options: JsonDumpsOptions): string {
  return dumps(value, options, 0, new Set());
}

function dumps(v: unknown, o: JsonDumpsOptions, level: number, seen: Set<unknown>): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return intRepr(v, o.raise);
  if (typeof v === 'number') return jsonFloat(v);
  if (v instanceof PyFloat) return jsonFloat(v.value);
  const text = o.strText?.(v);
  if (text !== undefined) return jsonString(text);
  if (!Array.isArray(v) && !(v instanceof PyDict) && !isPlainMapping(v)) {
    const replacement = o.default?.(v);
    if (replacement === undefined) throw o.raise('TypeError', `Object of type ${o.typeName(v)} is not JSON serializable`);
    return dumps(replacement, o, level, seen);
  }
  if (seen.has(v)) throw o.raise('ValueError', 'Circular reference detected');
  const indent = o.indent ?? null;
  const nl = indent === null ? '' : `\n${indent.repeat(level + 1)}`;
  const close = indent === null ? '' : `\n${indent.repeat(level)}`;
  const sep = indent === null ? ', ' : ',';
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      return `[${nl}${v.map((x) => dumps(x, o, level + 1, seen)).join(sep + nl)}${close}]`;
    }
    const entries: Array<[unknown, unknown]> = v instanceof PyDict ? [...v.items()] : Object.entries(v as Record<string, unknown>);
    if (!entries.length) return '{}';
    const less = o.sortKeys;
    if (less) entries.sort((a, b) => (less(a[0], b[0]) ? -1 : less(b[0], a[0]) ? 1 : 0));
    const item = ([k, x]: [unknown, unknown]) => `${jsonString(keyText(k, o))}: ${dumps(x, o, level + 1, seen)}`;
    return `{${nl}${entries.map(item).join(sep + nl)}${close}}`;
  } finally {
    seen.delete(v);
  }
}

function keyText(k: unknown, o: JsonDumpsOptions): string {
  if (typeof k === 'bigint') return intRepr(k, o.raise);
  const text = jsonKey(k) ?? o.strText?.(k);
  if (text === undefined) throw o.raise('TypeError', `keys must be str, int, float, bool or None, not ${o.typeName(k)}`);
  return text;
}

// ---- str.format ----------------------------------------------------------------

/** What str.format needs from an engine: the arguments, and the engine's own semantics of its values. */
export interface FormatHooks {
  /** The positional arguments; absent for format_map, which has none. */
  args?: readonly unknown[];
  /** kwargs[name]; undefined when there is none (KeyError). */
  keyword(name: string): unknown;
  /** `value.name` (`{0.real}`). */
  attribute(value: unknown, name: string): unknown;
  /** `value[key]` (`{0[1]}`, `{0[key]}`): an int key where the text is decimal digits. */
  item(value: unknown, key: number | string): unknown;
  repr(value: unknown): string;
  str(value: unknown): string;
  /** `format(value, spec)`. */
  formatValue(value: unknown, spec: string): string;
  raise: RaisePython;
}

/** A replacement field as CPython's parse_field cuts it. */
interface Field {
  name: string;
  conversion: string | undefined;
  spec: string;
  specHasFields: boolean;
  /** Where the text after the field starts. */
  end: number;
}

/** The auto-numbering state one format call shares with its nested specs (AutoNumber). */
interface Numbering {
  state: 'none' | 'auto' | 'manual';
  next: number;
}

/**
 * `template.format(...)`: CPython's MarkupIterator, parse_field and
 * field_name_split, field by field (a field's lookup fails before a later
 * field's syntax is looked at, as in CPython), specs with fields in them
 * formatted first, two levels deep at most.
 */
export function pythonFormat(template: string, hooks: FormatHooks): string {
  return buildString(template, hooks, 2, { state: 'none', next: 0 });
}

function buildString(text: string, hooks: FormatHooks, depth: number, numbering: Numbering): string {
  if (depth <= 0) throw hooks.raise('ValueError', 'Max string recursion exceeded');
  let out = '';
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && text[j] !== '{' && text[j] !== '}') j++;
    out += text.slice(i, j);
    if (j === text.length) break;
    const brace = text[j]!;
    const atEnd = j + 1 === text.length;
    if (brace === '}' && (atEnd || text[j + 1] !== '}')) throw hooks.raise('ValueError', "Single '}' encountered in format string");
    if (atEnd) throw hooks.raise('ValueError', "Single '{' encountered in format string");
    if (text[j + 1] === brace) {
      out += brace;
      i = j + 2;
      continue;
    }
    const field = parseField(text, j + 1, hooks);
    out += renderField(field, hooks, depth, numbering);
    i = field.end;
  }
  return out;
}

function parseField(text: string, start: number, hooks: FormatHooks): Field {
  const fail = (message: string) => hooks.raise('ValueError', message);
  let p = start;
  let c = '';
  while (p < text.length) {
    c = text[p++]!;
    if (c === '{') throw fail("unexpected '{' in field name");
    if (c === '[') {
      while (p < text.length && text[p] !== ']') p++;
      continue;
    }
    if (c === '}' || c === ':' || c === '!') break;
  }
  const name = text.slice(start, p - 1);
  if (c !== '!' && c !== ':') {
    if (c !== '}') throw fail("expected '}' before end of string");
    return { name, conversion: undefined, spec: '', specHasFields: false, end: p };
  }
  let conversion: string | undefined;
  if (c === '!') {
    if (p >= text.length) throw fail('end of string while looking for conversion specifier');
    conversion = String.fromCodePoint(text.codePointAt(p)!);
    p += conversion.length;
    if (p < text.length) {
      c = text[p++]!;
      if (c === '}') return { name, conversion, spec: '', specHasFields: false, end: p };
      if (c !== ':') throw fail("expected ':' after conversion specifier");
    }
  }
  const specStart = p;
  let open = 1;
  let specHasFields = false;
  while (p < text.length) {
    c = text[p++]!;
    if (c === '{') {
      specHasFields = true;
      open++;
    } else if (c === '}' && --open === 0) return { name, conversion, spec: text.slice(specStart, p - 1), specHasFields, end: p };
  }
  throw fail("unmatched '{' in format spec");
}

function renderField(field: Field, hooks: FormatHooks, depth: number, numbering: Numbering): string {
  let value = fieldValue(field.name, hooks, numbering);
  if (field.conversion !== undefined) value = convert(value, field.conversion, hooks);
  const spec = field.specHasFields ? buildString(field.spec, hooks, depth - 1, numbering) : field.spec;
  return hooks.formatValue(value, spec);
}

/** get_field_object: the argument the field names, then each `.attr` and `[item]` after it. */
function fieldValue(name: string, hooks: FormatHooks, numbering: Numbering): unknown {
  const fail = (message: string) => hooks.raise('ValueError', message);
  let p = 0;
  while (p < name.length && name[p] !== '.' && name[p] !== '[') p++;
  const first = name.slice(0, p);
  let index = decimalIndex(first, hooks);
  const auto = first === '';
  if (auto || index !== undefined) {
    if (numbering.state === 'none') numbering.state = auto ? 'auto' : 'manual';
    if (numbering.state === 'manual' && auto) throw fail('cannot switch from manual field specification to automatic field numbering');
    if (numbering.state === 'auto' && !auto) throw fail('cannot switch from automatic field numbering to manual field specification');
    if (auto) index = numbering.next++;
  }
  let value: unknown;
  if (index === undefined) {
    value = hooks.keyword(first);
    if (value === undefined) throw hooks.raise('KeyError', strRepr(first));
  } else {
    if (!hooks.args) throw fail('Format string contains positional fields');
    if (index >= hooks.args.length) throw hooks.raise('IndexError', `Replacement index ${index} out of range for positional args tuple`);
    value = hooks.args[Number(index)];
  }
  while (p < name.length) {
    const c = name[p++];
    let key: string;
    if (c === '.') {
      const from = p;
      while (p < name.length && name[p] !== '.' && name[p] !== '[') p++;
      key = name.slice(from, p);
    } else if (c === '[') {
      const from = p;
      while (p < name.length && name[p] !== ']') p++;
      if (p === name.length) throw fail("Missing ']' in format string");
      key = name.slice(from, p++);
    } else throw fail("Only '.' or '[' may follow ']' in format field specifier");
    const keyIndex = c === '[' ? decimalIndex(key, hooks) : undefined;
    if (key === '') throw fail('Empty attribute in format string');
    value = c === '.' ? hooks.attribute(value, key) : hooks.item(value, keyIndex === undefined ? key : Number(keyIndex));
  }
  return value;
}

/** get_integer: the value of a field name made of decimal digits (any script's), else undefined. */
function decimalIndex(text: string, hooks: FormatHooks): number | bigint | undefined {
  if (/^[0-9]{1,15}$/.test(text)) return Number(text);
  if (text === '') return undefined;
  let n = 0n;
  for (const d of text) {
    if (!/\p{Nd}/u.test(d)) return undefined;
    n = n * 10n + BigInt(decimalValue(d));
    if (n > 0x7fffffffffffffffn) throw hooks.raise('ValueError', 'Too many decimal digits in format string');
  }
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function convert(value: unknown, conversion: string, hooks: FormatHooks): string {
  if (conversion === 'r') return hooks.repr(value);
  if (conversion === 's') return hooks.str(value);
  if (conversion === 'a') return asciiEscape(hooks.repr(value));
  const cp = conversion.codePointAt(0)!;
  throw hooks.raise('ValueError', `Unknown conversion specifier ${cp > 32 && cp < 127 ? conversion : `\\x${cp.toString(16)}`}`);
}

// ---- format(value, spec) -----------------------------------------------------

/** What the format-spec mini-language needs from an engine. */
export interface SpecHooks {
  raise: RaisePython;
  /** Refuses a width the engine will not pad to (its bound on the text it builds). */
  checkWidth(width: number): void;
}

export interface FormatSpec {
  /** The fill character: as given, else '0' with the `0` flag, else a space. */
  fill: string;
  /** The alignment as given ('' when none is: each type has its default, see `numberAlign`). */
  align: string;
  sign: string;
  /** `z`: a negative zero (after rounding) loses its sign. */
  noNegZero: boolean;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

/** The formatted body padded to the spec's width, by its fill and alignment (`=`: after the first `signLength` characters). */
export function padFormatted(body: string, spec: FormatSpec, defaultAlign: string, signLength: number, hooks: SpecHooks): string {
  const n = strLen(body);
  if (spec.width <= n) return body;
  hooks.checkWidth(spec.width);
  const fill = spec.fill;
  const marg = spec.width - n;
  const align = spec.align || defaultAlign;
  if (align === '<') return body + fill.repeat(marg);
  if (align === '>') return fill.repeat(marg) + body;
  if (align === '^') return fill.repeat(Math.floor(marg / 2)) + body + fill.repeat(marg - Math.floor(marg / 2));
  return body.slice(0, signLength) + fill.repeat(marg) + body.slice(signLength);
}

function group(digits: string, sep: string, every: number): string {
  if (!sep) return digits;
  let out = '';
  for (let i = digits.length; i > 0; i -= every) out = digits.slice(Math.max(0, i - every), i) + (out ? sep + out : '');
  return out;
}

/** A number's alignment: as given, else '=' (padding after the sign) with the `0` flag, else right. */
const numberAlign = (spec: FormatSpec): string => spec.align || (spec.zero ? '=' : '>');

/** The numeric part of a formatted number; padding with '0' after the sign goes inside the grouping, as CPython does. */
function numberBody(sign: string, prefix: string, digits: string, rest: string, spec: FormatSpec, every: number, hooks: SpecHooks): string {
  let intDigits = digits;
  if (spec.fill === '0' && numberAlign(spec) === '=') {
    const target = spec.width - sign.length - prefix.length - rest.length;
    if (target > intDigits.length) hooks.checkWidth(spec.width);
    if (spec.grouping) {
      while (group(intDigits, spec.grouping, every).length < target) intDigits = '0' + intDigits;
    } else if (intDigits.length < target) intDigits = intDigits.padStart(target, '0');
  }
  return sign + prefix + group(intDigits, spec.grouping, every) + rest;
}

function signOf(negative: boolean, spec: FormatSpec): string {
  if (negative) return '-';
  return spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

export function formatInt(n: number | bigint, spec: FormatSpec, hooks: SpecHooks): string {
  const negative = n < 0;
  const abs = negative ? -BigInt(n) : BigInt(n);
  let digits: string;
  let prefix = '';
  let every = 3;
  switch (spec.type) {
    case 'b': digits = abs.toString(2); prefix = spec.alternate ? '0b' : ''; every = 4; break;
    case 'o': digits = abs.toString(8); prefix = spec.alternate ? '0o' : ''; every = 4; break;
    case 'x': digits = abs.toString(16); prefix = spec.alternate ? '0x' : ''; every = 4; break;
    case 'X': digits = abs.toString(16).toUpperCase(); prefix = spec.alternate ? '0X' : ''; every = 4; break;
    case 'c': {
      if (negative || abs > 0x10ffffn) throw hooks.raise('OverflowError', '%c arg not in range(0x110000)');
      return padFormatted(String.fromCodePoint(Number(n)), spec, '<', 0, hooks);
    }
    default: digits = typeof n === 'bigint' ? intRepr(abs, hooks.raise) : String(abs); break;
  }
  const sign = signOf(negative, spec);
  const body = numberBody(sign, prefix, digits, '', spec, every, hooks);
  return padFormatted(body, spec, numberAlign(spec), sign.length + prefix.length, hooks);
}

export function formatFloat(x: number, spec: FormatSpec, hooks: SpecHooks): string {
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  let text: string;
  let type = spec.type;
  const upper = type === type.toUpperCase() && type !== '';
  if (!Number.isFinite(abs)) {
    const sign = signOf(negative, spec);
    text = Number.isNaN(abs) ? 'nan' : 'inf';
    if (upper && type !== '%') text = text.toUpperCase();
    if (type === '%') text += '%';
    return padFormatted(sign + text, spec, numberAlign(spec), sign.length, hooks);
  }
  const precision = spec.precision;
  let suffix = '';
  if (type === '%') {
    text = fixedDigits(abs * 100, precision ?? 6);
    suffix = '%';
  } else if (type === 'f' || type === 'F') {
    text = fixedDigits(abs, precision ?? 6);
  } else if (type === 'e' || type === 'E') {
    const { mantissa, exp } = expParts(abs, precision ?? 6);
    text = formatExp(spec.alternate && !mantissa.includes('.') ? `${mantissa}.` : mantissa, exp, upper);
  } else if (type === 'g' || type === 'G' || type === 'n') {
    text = shortFormat(abs, 'g', precision ?? 6, false, spec.alternate);
    if (upper) text = text.toUpperCase();
  } else {
    // No type: repr, or with a precision 'g', either keeping a '.0' on an integral value.
    text = precision === null ? shortFormat(abs, 'r', 0, true, spec.alternate) : shortFormat(abs, 'g', precision, true, spec.alternate);
    type = '';
  }
  if (spec.alternate && (type === 'f' || type === 'F' || type === '%') && !text.includes('.')) text += '.';
  // `z`: no '-' when every digit shown is zero.
  const sign = signOf(negative && !(spec.noNegZero && !/[1-9]/.test(text.split(/[eE]/)[0]!)), spec);
  const m = /^(\d*)(.*)$/s.exec(text)!;
  const body = numberBody(sign, '', m[1]!, m[2]! + suffix, spec, 3, hooks);
  return padFormatted(body, spec, numberAlign(spec), sign.length, hooks);
}

/**
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`, as
 * CPython's parse_internal_render_format_spec reads it: any one character
 * after the rest is the type (the caller refuses the ones its type does not
 * know), `defaultType` is the type the value takes when none is given (for
 * the check of `,` and `_`), widths and precisions in any script's digits.
 */
export function parseFormatSpec(text: string, typeName: string, defaultType: string, hooks: SpecHooks): FormatSpec {
  const fail = (message: string) => hooks.raise('ValueError', message);
  const c = codePoints(text);
  const spec: FormatSpec = { fill: ' ', align: '', sign: '', noNegZero: false, alternate: false, zero: false, width: 0, grouping: '', precision: null, type: '' };
  const isAlign = (x: string | undefined) => x === '<' || x === '>' || x === '=' || x === '^';
  let p = 0;
  let fillGiven = false;
  if (isAlign(c[1])) {
    spec.fill = c[0]!;
    spec.align = c[1]!;
    fillGiven = true;
    p = 2;
  } else if (isAlign(c[0])) {
    spec.align = c[0]!;
    p = 1;
  }
  if (c[p] === '+' || c[p] === '-' || c[p] === ' ') spec.sign = c[p++]!;
  if (c[p] === 'z') spec.noNegZero = Boolean(++p);
  if (c[p] === '#') spec.alternate = Boolean(++p);
  if (!fillGiven && c[p] === '0') {
    spec.fill = '0';
    spec.zero = true;
    p++;
  }
  const integer = (): number | undefined => {
    let n = 0n;
    const from = p;
    for (; p < c.length && /\p{Nd}/u.test(c[p]!); p++) {
      n = n * 10n + BigInt(decimalValue(c[p]!));
      if (n > 0x7fffffffffffffffn) throw fail('Too many decimal digits in format string');
    }
    return p === from ? undefined : Number(n);
  };
  spec.width = integer() ?? 0;
  if (c[p] === ',') {
    spec.grouping = ',';
    p++;
  }
  if (c[p] === '_') {
    if (spec.grouping) throw fail("Cannot specify both ',' and '_'.");
    spec.grouping = '_';
    p++;
  }
  if (c[p] === ',' && spec.grouping === '_') throw fail("Cannot specify both ',' and '_'.");
  if (c[p] === '.') {
    p++;
    const precision = integer();
    if (precision === undefined) throw fail('Format specifier missing precision');
    spec.precision = precision;
  }
  if (c.length - p > 1) throw fail(`Invalid format specifier '${text}' for object of type '${typeName}'`);
  if (c.length - p === 1) spec.type = c[p]!;
  const type = spec.type || defaultType;
  if (spec.grouping && !(type === '' || 'defgEG%F'.includes(type) || (spec.grouping === '_' && 'boxX'.includes(type)))) {
    throw fail(`Cannot specify '${spec.grouping}' with ${formatCode(type)}.`);
  }
  return spec;
}

/** A presentation type in a message: `'x'`, or `'\x..'` outside printable ASCII. */
function formatCode(type: string): string {
  const cp = type.codePointAt(0)!;
  return cp > 32 && cp < 128 ? `'${type}'` : `'\\x${cp.toString(16)}'`;
}

/** CPython's unknown_presentation_type. */
const unknownCode = (type: string, typeName: string, hooks: SpecHooks): Error =>
  hooks.raise('ValueError', `Unknown format code ${formatCode(type)} for object of type '${typeName}'`);

/**
 * `format(value, spec)` for the built-in str, int, float and bool (a str
 * subclass's text as a str), with CPython's checks in CPython's order
 * (int.__format__, float.__format__, str.__format__); undefined for any
 * other value, which is the engine's.
 */
export function formatBuiltin(value: unknown, specText: string, hooks: SpecHooks): string | undefined {
  const fail = (message: string) => hooks.raise('ValueError', message);
  if (typeof value === 'boolean' && specText === '') return value ? 'True' : 'False';
  if (typeof value === 'boolean' || typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) {
    const typeName = typeof value === 'boolean' ? 'bool' : 'int';
    const spec = parseFormatSpec(specText, typeName, 'd', hooks);
    const n = typeof value === 'boolean' ? Number(value) : value;
    const type = spec.type || 'd';
    if ('eEfFgG%'.includes(type)) {
      const x = Number(n);
      if (!Number.isFinite(x)) throw hooks.raise('OverflowError', 'int too large to convert to float');
      return formatFloat(x, spec, hooks);
    }
    if (!'bcdoxXn'.includes(type)) throw unknownCode(type, typeName, hooks);
    if (spec.precision !== null) throw fail('Precision not allowed in integer format specifier');
    if (spec.noNegZero) throw fail('Negative zero coercion (z) not allowed in integer format specifier');
    if (type === 'c') {
      if (spec.sign) throw fail("Sign not allowed with integer format specifier 'c'");
      if (spec.alternate) throw fail("Alternate form (#) not allowed with integer format specifier 'c'");
      if (BigInt(n) > 0x7fffffffffffffffn || BigInt(n) < -0x8000000000000000n) throw hooks.raise('OverflowError', 'Python int too large to convert to C long');
    }
    if (spec.type === 'n') spec.type = 'd';
    return formatInt(n, spec, hooks);
  }
  if (typeof value === 'number' || value instanceof PyFloat) {
    const spec = parseFormatSpec(specText, 'float', '', hooks);
    if (spec.type && !'eEfFgGn%'.includes(spec.type)) throw unknownCode(spec.type, 'float', hooks);
    if (spec.precision !== null && spec.precision > 0x7fffffff) throw fail('precision too big');
    return formatFloat(Number(value), spec, hooks);
  }
  if (typeof value === 'string') {
    const spec = parseFormatSpec(specText, 'str', 's', hooks);
    if (spec.type && spec.type !== 's') throw unknownCode(spec.type, 'str', hooks);
    if (spec.sign) throw fail(spec.sign === ' ' ? 'Space not allowed in string format specifier' : 'Sign not allowed in string format specifier');
    if (spec.noNegZero) throw fail('Negative zero coercion (z) not allowed in string format specifier');
    if (spec.alternate) throw fail('Alternate form (#) not allowed in string format specifier');
    if (spec.align === '=') throw fail("'=' alignment not allowed in string format specifier");
    const s = spec.precision === null ? value : codePoints(value).slice(0, spec.precision).join('');
    return padFormatted(s, spec, '<', 0, hooks);
  }
  return undefined;
}

// ---- float digits, exactly as CPython rounds them ------------------------------

/** Exact decimal digits of a finite double: value = 0.DIGITS × 10^point (digits without trailing zeros). */
export function exactDigits(x: number): { digits: string; point: number } {
  if (x === 0) return { digits: '0', point: 1 };
  const { mantissa: mant, exponent: e2 } = decompose(Math.abs(x));
  let digits: string;
  let point: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    point = digits.length;
  } else {
    // mant / 2^-e2 = mant * 5^-e2 / 10^-e2
    digits = (mant * 5n ** BigInt(-e2)).toString();
    point = digits.length + e2;
  }
  digits = digits.replace(/0+$/, '') || '0';
  return { digits, point };
}

/** Round exact digits to `n` significant digits (n >= 0), half to even. */
export function roundDigits(d: { digits: string; point: number }, n: number): { digits: string; point: number } {
  const { digits, point } = d;
  if (digits.length <= n) return { digits, point };
  if (n < 0) return { digits: '0', point: point };
  const kept = digits.slice(0, n);
  const rest = digits.slice(n);
  const first = rest.charCodeAt(0) - 48;
  let up = first > 5 || (first === 5 && (rest.length > 1 || (n > 0 && (kept.charCodeAt(n - 1) - 48) % 2 === 1)));
  if (n === 0) up = first > 5 || (first === 5 && rest.length > 1);
  if (!up) return { digits: kept.replace(/0+$/, '') || '0', point: kept === '' ? point : point };
  // Increment the kept digits.
  const big = (BigInt(kept || '0') + 1n).toString();
  if (kept === '' || big.length > kept.length) return { digits: big.replace(/0+$/, '') || '1', point: point + 1 };
  return { digits: big.replace(/0+$/, ''), point };
}

/** `'%.{prec}f' % x` for finite x (digits only, sign handled by the caller). */
export function fixedDigits(x: number, prec: number): string {
  const exact = exactDigits(Math.abs(x));
  const r = roundDigits(exact, exact.point + prec);
  const { digits, point } = r.digits === '0' && exact.digits !== '0' && exact.point + prec < 0 ? { digits: '0', point: 1 } : r;
  let intPart: string;
  let frac: string;
  if (point <= 0) {
    intPart = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (digits.length <= point) {
    intPart = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    intPart = digits.slice(0, point);
    frac = digits.slice(point);
  }
  if (digits === '0') intPart = '0';
  frac = (frac + '0'.repeat(prec)).slice(0, prec);
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

/** `'%.{prec}e' % x` for finite x, without sign: mantissa digits and exponent. */
function expParts(x: number, prec: number): { mantissa: string; exp: number } {
  const exact = exactDigits(Math.abs(x));
  if (exact.digits === '0') return { mantissa: prec > 0 ? `0.${'0'.repeat(prec)}` : '0', exp: 0 };
  const r = roundDigits(exact, prec + 1);
  const digits = (r.digits + '0'.repeat(prec + 1)).slice(0, prec + 1);
  return { mantissa: prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits[0]!, exp: r.point - 1 };
}

function formatExp(mantissa: string, exp: number, upper = false): string {
  return `${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * CPython's format_float_short for the 'g' code (`precision` significant
 * digits) and the 'r' code (repr's shortest digits), of a finite x >= 0:
 * exponent form below 1e-4 and from 10**precision (from 1e16 for 'r', and
 * one digit earlier for 'g' with `addDot0`, the no-type spec's rule),
 * `addDot0` keeping a '.0' on an integral value, `alternate` keeping the
 * point and, for 'g', the trailing zeros.
 */
function shortFormat(x: number, code: 'g' | 'r', precision: number, addDot0: boolean, alternate: boolean): string {
  let digits: string;
  let decpt: number;
  const digitsOf = precision === 0 ? 1 : precision;
  if (code === 'r') {
    const [mantissa, exp] = x.toExponential().split('e') as [string, string];
    digits = x === 0 ? '0' : mantissa.replace('.', '');
    decpt = x === 0 ? 1 : Number(exp) + 1;
  } else ({ digits, point: decpt } = roundDigits(exactDigits(x), digitsOf));
  let useExp: boolean;
  let end = digits.length;
  if (code === 'g') {
    useExp = decpt <= -4 || decpt > (addDot0 ? digitsOf - 1 : digitsOf);
    if (alternate) end = digitsOf;
  } else useExp = decpt <= -4 || decpt > 16;
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const start = decpt <= 0 ? decpt - 1 : 0;
  end = !useExp && addDot0 ? Math.max(end, decpt + 1) : Math.max(end, decpt);
  let out = decpt <= 0 ? `${'0'.repeat(decpt - start)}.${'0'.repeat(-decpt)}` : '';
  out += decpt > 0 && decpt <= digits.length ? `${digits.slice(0, decpt)}.${digits.slice(decpt)}` : digits;
  out += digits.length < decpt ? `${'0'.repeat(decpt - digits.length)}.${'0'.repeat(end - decpt)}` : '0'.repeat(end - digits.length);
  if (out.endsWith('.') && !alternate) out = out.slice(0, -1);
  return useExp ? `${out}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}` : out;
}
