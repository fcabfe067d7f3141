/** yaql/standard_library/strings.py and regex.py */
import { PyDict, isInt, tuple } from '../../../yaml/python.js';
import { YaqlError, pyErrors } from '../errors.js';
import { codePoints, compareStr, iterate, pyStr, strLen, truthy, typeName } from '../pyops.js';
import { compile, escape, matchAll, search, splitBy, sub, type PyMatch } from '../pyre.js';
import { find, format, replace, rsplit, sliceStr, split, strip } from '../pystr.js';
import { type Context, type Engine, T, define, type FunctionDef } from '../runtime.js';
import { YaqlRegex, dictOf, isMapping, pyGenerator, pyList, type Mapping } from '../values.js';
import { getItem, indexSequence } from './collections.js';

type Fn = (...args: unknown[]) => unknown;
const string = { name: 'string', type: T.str() };

/** yaql's str(): null, true and false as yaql writes them, anything else as Python's str(). */
export function yaqlStr(v: unknown): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  return pyStr(v);
}

function stringFunctions(): FunctionDef[] {
  const cmp = (name: string, test: (c: number) => boolean) =>
    define({ name, params: [{ name: 'left', type: T.str() }, { name: 'right', type: T.str() }] }, (a) =>
      test(compareStr(a.left as string, a.right as string)),
    );
  const concat = (name: string) => define({ name, params: [{ name: 'args', type: T.str(), kind: 'varargs' }] }, (a) => (a.args as string[]).join(''));
  const sepParam = { name: 'separator', type: T.str(true), default: null };
  const maxSplits = { name: 'max_splits', type: T.int(), default: -1 };
  const chars = { name: 'chars', type: T.str(true), default: null };
  const join = (seq: unknown, sep: string, str: Fn): string => {
    const parts: string[] = [];
    for (const t of iterate(seq)) {
      const s = str(t);
      if (typeof s !== 'string') throw pyErrors.typeError(`sequence item ${parts.length}: expected str instance, ${typeof s} found`);
      parts.push(s);
    }
    return parts.join(sep);
  };
  const strDelegate = { name: 'str_delegate', type: T.delegate('str') };
  const indexOf = (name: string, fromRight: boolean, withLength: boolean) =>
    define(
      {
        name,
        method: true,
        params: [string, { name: 'sub', type: T.str() }, withLength ? { name: 'start', type: T.int() } : { name: 'start', type: T.int(), default: 0 }, ...(withLength ? [{ name: 'length', type: T.int() }] : [])],
      },
      (a) => {
        const s = a.string as string;
        let start = Number(a.start);
        if (!withLength) return find(s, a.sub as string, start, null, fromRight);
        const n = strLen(s);
        if (start < 0) start += n;
        let length = Number(a.length);
        if (length < 0) length = n - start;
        return find(s, a.sub as string, start, start + length, fromRight);
      },
    );
  return [
    cmp('#operator_>', (c) => c > 0),
    cmp('#operator_<', (c) => c < 0),
    cmp('#operator_>=', (c) => c >= 0),
    cmp('#operator_<=', (c) => c <= 0),
    define({ name: 'len_', method: 'extension', params: [string] }, (a) => strLen(a.string as string)),
    define({ name: 'to_lower', method: true, params: [string] }, (a) => (a.string as string).toLowerCase()),
    define({ name: 'to_upper', method: true, params: [string] }, (a) => (a.string as string).toUpperCase()),
    define({ name: 'split', method: true, params: [string, sepParam, maxSplits] }, (a) =>
      split(a.string as string, a.separator as string | null, Number(a.max_splits)),
    ),
    define({ name: 'right_split', method: true, params: [string, sepParam, maxSplits] }, (a) =>
      rsplit(a.string as string, a.separator as string | null, Number(a.max_splits)),
    ),
    define({ name: 'join', method: true, params: [{ name: 'sequence', type: T.iterable() }, { name: 'separator', type: T.str() }, strDelegate] }, (a) =>
      join(a.sequence, a.separator as string, a.str_delegate as Fn),
    ),
    define({ name: 'join_', method: true, params: [{ name: 'separator', type: T.str() }, { name: 'sequence', type: T.iterable() }, strDelegate] }, (a) =>
      join(a.sequence, a.separator as string, a.str_delegate as Fn),
    ),
    define({ name: 'str_', params: [{ name: 'value', type: T.any(true) }] }, (a) => yaqlStr(a.value)),
    concat('concat'),
    concat('#operator_+'),
    define({ name: 'trim', method: true, params: [string, chars] }, (a) => strip(a.string as string, a.chars as string | null, 'both')),
    define({ name: 'trim_left', method: true, params: [string, chars] }, (a) => strip(a.string as string, a.chars as string | null, 'left')),
    define({ name: 'trim_right', method: true, params: [string, chars] }, (a) => strip(a.string as string, a.chars as string | null, 'right')),
    define({ name: 'replace', method: true, params: [string, { name: 'old', type: T.str() }, { name: 'new', type: T.str() }, { name: 'count', type: T.int(), default: -1 }] }, (a) =>
      replace(a.string as string, a.old as string, a.new as string, Number(a.count)),
    ),
    define(
      {
        name: 'replace',
        method: true,
        params: [string, { name: 'str_func', type: T.delegate('str') }, { name: 'replacements', type: T.mapping() }, { name: 'count', type: T.int(), default: -1 }],
      },
      (a) => {
        let s = a.string as string;
        const str = a.str_func as Fn;
        for (const [k, v] of dictOf(a.replacements as Mapping).items()) s = replace(s, str(k) as string, str(v) as string, Number(a.count));
        return s;
      },
    ),
    define(
      { name: 'format_', method: 'extension', params: [{ name: '__format_string', type: T.str() }, { name: 'args', kind: 'varargs' }, { name: 'kwargs', kind: 'varkw' }] },
      (a) => format(a.__format_string as string, a.args as unknown[], a.kwargs as Map<string, unknown>, indexForFormat),
    ),
    define({ name: 'is_empty', method: 'extension', params: [{ name: 'string', type: T.str(true) }, { name: 'trim_spaces', type: T.bool(), default: true, alias: 'trim' }, chars] }, (a) => {
      if (a.string === null) return true;
      const s = a.trim_spaces ? strip(a.string as string, a.chars as string | null, 'both') : (a.string as string);
      return s === '';
    }),
    define({ name: 'norm', method: 'extension', params: [{ name: 'string', type: T.str(true) }, chars] }, (a) => {
      if (a.string === null) return null;
      const v = strip(a.string as string, a.chars as string | null, 'both');
      return v === '' ? null : v;
    }),
    define({ name: '#operator_*', params: [{ name: 'left', type: T.str() }, { name: 'right', type: T.int() }, { name: 'engine' }] }, (a) =>
      repeatStr(a.left as string, Number(a.right), a.engine as Engine),
    ),
    define({ name: '#operator_*', params: [{ name: 'left', type: T.int() }, { name: 'right', type: T.str() }, { name: 'engine' }] }, (a) =>
      repeatStr(a.right as string, Number(a.left), a.engine as Engine),
    ),
    define({ name: '#operator_in', params: [{ name: 'left', type: T.str() }, { name: 'right', type: T.str() }] }, (a) =>
      (a.right as string).includes(a.left as string),
    ),
    define({ name: 'substring', method: true, params: [string, { name: 'start', type: T.int() }, { name: 'length', type: T.int(), default: -1 }] }, (a) => {
      const s = a.string as string;
      const n = strLen(s);
      let length = Number(a.length);
      let start = Number(a.start);
      if (length < 0) length = n;
      if (start < 0) start += n;
      return sliceStr(s, start, start + length);
    }),
    indexOf('index_of', false, false),
    indexOf('index_of_', false, true),
    indexOf('last_index_of', true, false),
    indexOf('last_index_of_', true, true),
    define({ name: 'to_char_array', method: true, params: [string] }, (a) => tuple(codePoints(a.string as string))),
    define({ name: 'is_string', params: [{ name: 'arg' }] }, (a) => typeof a.arg === 'string'),
    define({ name: 'characters', params: CHARACTER_SETS.map(([name]) => ({ name, default: false })) }, (a) => {
      let chars = '';
      for (const [name, set] of CHARACTER_SETS) {
        if (!truthy(a[name])) continue;
        if (set === undefined) throw new YaqlError('AttributeError', `module 'string' has no attribute '${name}'`);
        chars += set;
      }
      // tuple(set(string)): Python's order is the set's (hash order).
      return tuple([...new Set(codePoints(chars))]);
    }),
    define({ name: 'starts_with', method: true, params: [string, { name: 'prefixes', type: T.str(), kind: 'varargs' }] }, (a) =>
      (a.prefixes as string[]).some((p) => (a.string as string).startsWith(p)),
    ),
    define({ name: 'ends_with', method: true, params: [string, { name: 'suffixes', type: T.str(), kind: 'varargs' }] }, (a) =>
      (a.suffixes as string[]).some((p) => (a.string as string).endsWith(p)),
    ),
    define({ name: 'hex_', params: [{ name: 'num', type: T.number(true) }] }, (a) => {
      if (a.num === null) throw pyErrors.typeError("'NoneType' object cannot be interpreted as an integer");
      if (!isInt(a.num)) throw pyErrors.typeError("'float' object cannot be interpreted as an integer");
      const n = BigInt(a.num as number | bigint);
      return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
    }),
  ];
}

/** The `string` module's constants characters() adds; Python 3 has no letters, lowercase or uppercase. */
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const CHARACTER_SETS: Array<[string, string | undefined]> = [
  ['digits', '0123456789'],
  ['hexdigits', '0123456789abcdefABCDEF'],
  ['ascii_lowercase', 'abcdefghijklmnopqrstuvwxyz'],
  ['ascii_uppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['ascii_letters', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['letters', undefined],
  ['octdigits', '01234567'],
  ['punctuation', PUNCTUATION],
  ['printable', `0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ${PUNCTUATION} \t\n\r\x0b\x0c`],
  ['lowercase', undefined],
  ['uppercase', undefined],
  ['whitespace', ' \t\n\r\x0b\x0c'],
];

function repeatStr(s: string, times: number, engine: Engine): string {
  engine.limitMemory([-times + 1, ''], [times, s]);
  return times > 0 ? s.repeat(times) : '';
}

/** `{0[key]}` in a format string: Python's `v[key]` and its errors (the key is an int where its text is digits). */
function indexForFormat(v: unknown, key: number | string): unknown {
  if (isMapping(v)) return getItem(v, key);
  if (typeof v === 'string') {
    if (typeof key === 'string') throw pyErrors.typeError("string indices must be integers, not 'str'");
    const ch = codePoints(v)[key];
    if (ch === undefined) throw pyErrors.indexError('string index out of range');
    return ch;
  }
  if (Array.isArray(v)) {
    if (typeof key === 'number') return indexSequence(v, key);
    throw pyErrors.typeError(`${typeName(v)} indices must be integers or slices, not str`);
  }
  throw pyErrors.typeError(`'${typeName(v)}' object is not subscriptable`);
}

// ---- regex ----------------------------------------------------------------

/** regex._publish_match: $1 the whole match, $2... the groups, each {value, start, end}. */
function publishMatch(ctx: Context, m: PyMatch): void {
  const rec = (value: string | undefined, start: number, end: number): PyDict =>
    new PyDict([
      ['value', value ?? null],
      ['start', start],
      ['end', end],
    ]);
  m.groups.forEach((g, i) => ctx.set(`$${i + 1}`, rec(g, m.spans[i]![0], m.spans[i]![1])));
}

function regexFunctions(): FunctionDef[] {
  const regexp = { name: 'regexp', type: T.cls('Pattern') };
  const pattern = (s: string): YaqlRegex => compile(s, { ignoreCase: false, multiLine: false, dotAll: false });
  const count = (dflt: number) => ({ name: 'count', type: T.int(), default: dflt });
  const replaceBy = (ctx: Context, re: YaqlRegex, s: string, repl: Fn, n: number): string =>
    sub(re, s, (m) => {
      const c = ctx.createChild();
      publishMatch(ctx, m);
      return repl(c) as string;
    }, n);
  return [
    define(
      {
        name: 'regex',
        params: [{ name: 'pattern', type: T.str() }, { name: 'ignore_case', default: false }, { name: 'multi_line', default: false }, { name: 'dot_all', default: false }],
      },
      (a) => compile(a.pattern as string, { ignoreCase: Boolean(a.ignore_case), multiLine: Boolean(a.multi_line), dotAll: Boolean(a.dot_all) }),
    ),
    define({ name: 'matches', method: true, params: [regexp, string] }, (a) => search(a.regexp as YaqlRegex, a.string as string) !== undefined),
    define({ name: 'matches_', method: true, params: [string, { name: 'regexp', type: T.str() }] }, (a) =>
      search(pattern(a.regexp as string), a.string as string) !== undefined,
    ),
    define({ name: '#operator_=~', params: [string, { name: 'pattern', type: T.str() }] }, (a) => search(pattern(a.pattern as string), a.string as string) !== undefined),
    define({ name: '#operator_=~', params: [string, regexp] }, (a) => search(a.regexp as YaqlRegex, a.string as string) !== undefined),
    define({ name: '#operator_!~', params: [string, { name: 'pattern', type: T.str() }] }, (a) => search(pattern(a.pattern as string), a.string as string) === undefined),
    define({ name: '#operator_!~', params: [string, regexp] }, (a) => search(a.regexp as YaqlRegex, a.string as string) === undefined),
    define({ name: 'search', method: true, params: [{ name: 'context' }, regexp, string, { name: 'selector', type: T.lambda(true), default: null }] }, (a) => {
      const m = search(a.regexp as YaqlRegex, a.string as string);
      if (!m) return null;
      if (a.selector === null) return m.groups[0];
      const c = (a.context as Context).createChild();
      publishMatch(c, m);
      return (a.selector as Fn)(c);
    }),
    define({ name: 'search_all', method: true, params: [{ name: 'context' }, regexp, string, { name: 'selector', type: T.lambda(true), default: null }] }, (a) => {
      const matches = matchAll(a.regexp as YaqlRegex, a.string as string);
      return pyIteratorOf(function* () {
        for (const m of matches) {
          const c = (a.context as Context).createChild();
          if (a.selector === null) yield m.groups[0];
          else {
            publishMatch(c, m);
            yield (a.selector as Fn)(c);
          }
        }
      });
    }),
    define({ name: 'split', method: true, params: [regexp, string, { name: 'max_split', type: T.int(), default: 0 }] }, (a) =>
      splitResult(a.regexp as YaqlRegex, a.string as string, Number(a.max_split)),
    ),
    define({ name: 'split', method: true, params: [string, regexp, { name: 'max_split', type: T.int(), default: 0 }] }, (a) =>
      splitResult(a.regexp as YaqlRegex, a.string as string, Number(a.max_split)),
    ),
    define({ name: 'replace', method: true, params: [regexp, string, { name: 'repl', type: T.str() }, count(0)] }, (a) =>
      sub(a.regexp as YaqlRegex, a.string as string, a.repl as string, Number(a.count)),
    ),
    define({ name: 'replace', method: true, params: [string, regexp, { name: 'repl', type: T.str() }, count(0)] }, (a) =>
      sub(a.regexp as YaqlRegex, a.string as string, a.repl as string, Number(a.count)),
    ),
    define({ name: 'replace_by', method: true, params: [{ name: 'context' }, regexp, string, { name: 'repl', type: T.lambda(true) }, count(0)] }, (a) =>
      replaceBy(a.context as Context, a.regexp as YaqlRegex, a.string as string, a.repl as Fn, Number(a.count)),
    ),
    define({ name: 'replaceBy', method: true, params: [{ name: 'context' }, string, regexp, { name: 'repl', type: T.lambda(true) }, count(0)] }, (a) =>
      replaceBy(a.context as Context, a.regexp as YaqlRegex, a.string as string, a.repl as Fn, Number(a.count)),
    ),
    define({ name: 'escape_regex', params: [{ name: 'string', type: T.str() }] }, (a) => escape(a.string as string)),
    define({ name: 'is_regex', params: [{ name: 'value' }] }, (a) => a.value instanceof YaqlRegex),
  ];
}

const pyIteratorOf = (gen: () => Generator<unknown>) => pyGenerator('search_all', gen);
const splitResult = (re: YaqlRegex, s: string, max: number): unknown[] => pyList(splitBy(re, s, max), 'appended');

export function registerStrings(ctx: Context): void {
  for (const fd of [...stringFunctions(), ...regexFunctions()]) ctx.register(fd);
}
