/**
 * Python `re` patterns as JS RegExps (the `u` flag), and re.sub templates.
 * The common syntax maps one to one; where Python means something else the
 * translation says it explicitly: `.` is any character but \n, `$` also
 * matches before a final \n, \d \w \s \b are Unicode-aware, any punctuation
 * may be escaped, `{` that starts no repetition is literal. What has no JS
 * counterpart (scoped inline flags, possessive repetition, conditionals)
 * is refused with a clear error rather than matched differently.
 */
import { pyErrors, unsupported } from './errors.js';
import { YaqlRegex } from './values.js';

export interface RegexFlags {
  ignoreCase: boolean;
  multiLine: boolean;
  dotAll: boolean;
}

const WORD = '\\p{L}\\p{N}_';
const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const CLASS_ESCAPES: Record<string, string> = { d: '\\p{Nd}', w: WORD, s: SPACE };
const SIMPLE: Record<string, string> = { n: '\\n', t: '\\t', r: '\\r', f: '\\f', v: '\\v', a: '\\x07', '0': '\\0' };
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

/**
 * Patterns compiled, as Python's re module keeps them (its _MAXCACHE is 512):
 * an expression like `$.items().select(regex(...).replace(...))` compiles the
 * same pattern for every item. A YaqlRegex is never changed once made.
 */
const compiled = new Map<string, YaqlRegex>();
const MAX_COMPILED = 512;

export function compile(pattern: string, flags: RegexFlags): YaqlRegex {
  const key = `${Number(flags.ignoreCase)}${Number(flags.multiLine)}${Number(flags.dotAll)}${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    re = compileNew(pattern, flags);
    // The oldest goes first, as in Python's cache.
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, re);
  }
  return re;
}

function compileNew(pattern: string, flags: RegexFlags): YaqlRegex {
  const f = { ...flags };
  const source = translate(pattern, f);
  let js: RegExp;
  try {
    js = new RegExp(source, `dgu${f.ignoreCase ? 'i' : ''}`);
  } catch (e) {
    throw pyErrors.regex(`cannot translate the pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  return new YaqlRegex(pattern, flags, js);
}

function translate(pattern: string, flags: RegexFlags): string {
  const cs = Array.from(pattern);
  let out = '';
  let i = 0;
  // Global inline flags, which Python allows only at the start.
  const lead = /^\(\?([aiLmsux]+)\)/u.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i') flags.ignoreCase = true;
      else if (f === 'm') flags.multiLine = true;
      else if (f === 's') flags.dotAll = true;
      else if (f !== 'u') throw unsupported(`the inline flag (?${f})`);
    }
    i = Array.from(lead[0]).length;
  }
  const wordBoundary = `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
  while (i < cs.length) {
    const c = cs[i]!;
    if (c === '\\') {
      const n = cs[i + 1];
      if (n === undefined) throw pyErrors.regex('bad escape (end of pattern)');
      i += 2;
      if (CLASS_ESCAPES[n]) out += `[${CLASS_ESCAPES[n]}]`;
      else if (n === 'D' || n === 'W' || n === 'S') out += `[^${CLASS_ESCAPES[n.toLowerCase()]}]`;
      else if (n === 'b') out += wordBoundary;
      else if (n === 'B') out += `(?!${wordBoundary})`;
      else if (n === 'A') out += '(?<![\\s\\S])';
      else if (n === 'Z') out += '(?![\\s\\S])';
      else if (/[1-9]/u.test(n)) {
        let num = n;
        while (/[0-9]/u.test(cs[i] ?? '') && num.length < 2) num += cs[i++];
        out += `\\${num}`;
      } else if (n === 'x' || n === 'u' || n === 'U') {
        const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        const hex = cs.slice(i, i + len).join('');
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`, 'u').test(hex)) throw pyErrors.regex(`incomplete escape \\${n}${hex}`);
        out += `\\u{${parseInt(hex, 16).toString(16)}}`;
        i += len;
      } else if (SIMPLE[n]) out += SIMPLE[n];
      else if (/[A-Za-z]/u.test(n)) throw pyErrors.regex(`bad escape \\${n}`);
      else out += SYNTAX.has(n) || n === '-' ? `\\${n === '-' ? 'x2d' : n}` : n;
      continue;
    }
    if (c === '[') {
      const [cls, end] = translateClass(cs, i);
      out += cls;
      i = end;
      continue;
    }
    if (c === '(') {
      if (cs[i + 1] === '?') {
        const rest = cs.slice(i + 2, i + 4).join('');
        if (rest.startsWith('P<')) {
          out += '(?<';
          i += 4;
          continue;
        }
        if (rest.startsWith('P=')) {
          const close = cs.indexOf(')', i);
          out += `\\k<${cs.slice(i + 4, close).join('')}>`;
          i = close + 1;
          continue;
        }
        if (rest.startsWith('#')) {
          i = cs.indexOf(')', i) + 1;
          continue;
        }
        if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') {
          out += '(';
          i++;
          continue;
        }
        if (rest.startsWith('<')) {
          out += '(?<';
          i += 3;
          continue;
        }
        throw unsupported(`the regex construct (?${rest[0] ?? ''}`);
      }
      out += '(';
      i++;
      continue;
    }
    if (c === '.') out += flags.dotAll ? '[\\s\\S]' : '[^\\n]';
    else if (c === '$') out += flags.multiLine ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    else if (c === '^') out += flags.multiLine ? '(?<=\\n|(?<![\\s\\S]))' : '(?<![\\s\\S])';
    else if (c === '{') {
      const m = /^\{\d*(,\d*)?\}/u.exec(cs.slice(i).join(''));
      if (m && m[0] !== '{}' && m[0] !== '{,}') {
        out += m[0].startsWith('{,') ? `{0${m[0].slice(1)}` : m[0];
        i += m[0].length;
        if (cs[i] === '+') throw unsupported('possessive repetition in a regex');
        continue;
      }
      out += '\\{';
    } else if (c === '}') out += '\\}';
    else if ((c === '+' || c === '*' || c === '?') && cs[i + 1] === '+') throw unsupported('possessive repetition in a regex');
    else if (c === '/') out += '\\/';
    else out += c;
    i++;
  }
  return out;
}

/** A [...] class, from position i (at '['); returns the JS class and the index after it. */
function translateClass(cs: string[], start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (cs[i] === '^') {
    out += '^';
    i++;
  }
  // A ']' first in the class is a literal in Python.
  if (cs[i] === ']') {
    out += '\\]';
    i++;
  }
  for (; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === ']') return [`${out}]`, i + 1];
    if (c === '\\') {
      const n = cs[++i];
      if (n === undefined) break;
      if (CLASS_ESCAPES[n]) out += CLASS_ESCAPES[n];
      else if (n === 'D' || n === 'W' || n === 'S') throw unsupported(`\\${n} inside a regex character class`);
      else if (n === 'x' || n === 'u' || n === 'U') {
        const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        const hex = cs.slice(i + 1, i + 1 + len).join('');
        out += `\\u{${parseInt(hex, 16).toString(16)}}`;
        i += len;
      } else if (SIMPLE[n]) out += SIMPLE[n];
      else if (n === 'b') out += '\\x08';
      else if (/[A-Za-z0-9]/u.test(n)) throw pyErrors.regex(`bad escape \\${n}`);
      else out += `\\${n === '-' ? 'x2d' : n}`;
      continue;
    }
    if (c === '[' || c === '/' || c === '{' || c === '}' || c === '(' || c === ')' || c === '|') out += `\\${c}`;
    else out += c;
  }
  throw pyErrors.regex(`unterminated character set at position ${start}`);
}

/** re.escape */
export function escape(s: string): string {
  return Array.from(s, (c) => (/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/u.test(c) ? `\\${c}` : c)).join('');
}

export interface PyMatch {
  /** group(0) and the groups (undefined where a group did not take part). */
  groups: Array<string | undefined>;
  /** Code-point offsets of each group ([-1, -1] where it did not take part), as Python's start()/end(). */
  spans: Array<[number, number]>;
  start: number;
  end: number;
  named: Record<string, string | undefined>;
}

/** finditer: the matches from left to right; an empty match is allowed anywhere (Python 3.7+). */
export function* matchAll(re: YaqlRegex, s: string): Generator<PyMatch> {
  const js = new RegExp(re.js.source, re.js.flags);
  for (let m = js.exec(s); m; m = js.exec(s)) {
    if (m[0] === '') js.lastIndex = advance(s, m.index);
    yield toMatch(m, s);
  }
}

const advance = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? i + 2 : i + 1);

function toMatch(m: RegExpExecArray, s: string): PyMatch {
  const spans = (m.indices ?? []).map((span): [number, number] => (span ? [cpIndex(s, span[0]), cpIndex(s, span[1])] : [-1, -1]));
  return {
    groups: [...m],
    spans,
    start: spans[0]![0],
    end: spans[0]![1],
    named: { ...(m.groups ?? {}) },
  };
}

const cpIndex = (s: string, utf16: number): number => Array.from(s.slice(0, utf16)).length;

export function search(re: YaqlRegex, s: string): PyMatch | undefined {
  const r = matchAll(re, s).next();
  return r.done ? undefined : r.value;
}

/** re.split(pattern, string, maxsplit): the pieces, with the groups between them (None where unmatched). */
export function splitBy(re: YaqlRegex, s: string, maxsplit: number): Array<string | null> {
  const out: Array<string | null> = [];
  const cs = Array.from(s);
  let pos = 0;
  let n = 0;
  for (const m of matchAll(re, s)) {
    if (maxsplit > 0 && n >= maxsplit) break;
    out.push(cs.slice(pos, m.start).join(''));
    for (const g of m.groups.slice(1)) out.push(g ?? null);
    pos = m.end;
    n++;
  }
  out.push(cs.slice(pos).join(''));
  return out;
}

/** re.sub(pattern, repl, string, count): REPL is a template (\1, \g<name>...) or a function of the match. */
export function sub(re: YaqlRegex, s: string, repl: string | ((m: PyMatch) => string), count: number): string {
  const expand = typeof repl === 'string' ? compileTemplate(repl) : repl;
  const cs = Array.from(s);
  let out = '';
  let pos = 0;
  let n = 0;
  for (const m of matchAll(re, s)) {
    if (count > 0 && n >= count) break;
    out += cs.slice(pos, m.start).join('') + expand(m);
    pos = m.end;
    n++;
  }
  return out + cs.slice(pos).join('');
}

/** A re.sub replacement template: escapes decoded, \N / \g<N> / \g<name> replaced by the groups. */
function compileTemplate(t: string): (m: PyMatch) => string {
  const parts: Array<string | number> = [];
  const cs = Array.from(t);
  let lit = '';
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const n = cs[++i];
    if (n === undefined) throw pyErrors.regex('bad escape (end of pattern)');
    if (n === 'g') {
      const close = cs.indexOf('>', i);
      if (cs[i + 1] !== '<' || close < 0) throw pyErrors.regex('missing <');
      const name = cs.slice(i + 2, close).join('');
      i = close;
      parts.push(lit, /^\d+$/u.test(name) ? Number(name) : name);
      lit = '';
    } else if (/[0-9]/u.test(n)) {
      let num = n;
      if (/[0-9]/u.test(cs[i + 1] ?? '')) num += cs[++i];
      parts.push(lit, Number(num));
      lit = '';
    } else if (n in SIMPLE_TEMPLATE) lit += SIMPLE_TEMPLATE[n];
    else if (/[A-Za-z]/u.test(n)) throw pyErrors.regex(`bad escape \\${n}`);
    else lit += `\\${n}`;
  }
  parts.push(lit);
  return (m) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        const g = typeof p === 'number' ? m.groups[p] : m.named[p];
        if (typeof p === 'number' && p >= m.groups.length) throw pyErrors.regex(`invalid group reference ${p}`);
        return g ?? '';
      })
      .join('');
}

const SIMPLE_TEMPLATE: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
