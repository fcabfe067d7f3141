/**
 * `\N{NAME}` in a string literal: the character names Python 3.11's
 * unicode-escape codec knows (Unicode 14.0), from data/unicode-names.txt.gz
 * (tools/jinja-tables.sh writes it from Python's unicodedata). The table is
 * read the first time a template names a character, so a render that never
 * does pays nothing for it.
 *
 * Lookup follows CPython's unicodedata `_getcode`: an ordinary name or alias
 * in any letter case; `CJK UNIFIED IDEOGRAPH-` and 4 or 5 upper-case hex
 * digits inside the unified ranges; `HANGUL SYLLABLE ` and the syllable's
 * jamo, both in upper case, each jamo the longest that matches.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { packagePath } from '../../load/package-files.js';

interface Table {
  /** Upper-case name or alias -> code point. */
  names: Map<string, number>;
  cjk: [number, number][];
  hangul: { first: number; lead: string[]; vowel: string[]; tail: string[] };
}

let table: Table | undefined;

export const UNICODE_NAMES_FILE = packagePath('data', 'unicode-names.txt.gz');

function load(): Table {
  const text = gunzipSync(readFileSync(UNICODE_NAMES_FILE)).toString('latin1');
  const names = new Map<string, number>();
  const t: Table = { names, cjk: [], hangul: { first: 0xac00, lead: [], vowel: [], tail: [] } };
  let cp = -1;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('@')) {
      const [tag, ...rest] = line.split(' ');
      const jamo = () => rest.map((j) => (j === '-' ? '' : j));
      if (tag === '@cjk') t.cjk = rest.map((r) => r.split('-').map((h) => parseInt(h, 16)) as [number, number]);
      else if (tag === '@hangul') t.hangul.first = parseInt(rest[0]!, 16);
      else if (tag === '@hangul-l') t.hangul.lead = jamo();
      else if (tag === '@hangul-v') t.hangul.vowel = jamo();
      else if (tag === '@hangul-t') t.hangul.tail = jamo();
      else if (tag === '@alias') names.set(rest.slice(1).join(' '), parseInt(rest[0]!, 16));
      continue;
    }
    const space = line.indexOf(' ');
    const skip = line.charCodeAt(0) <= 0x39 ? Number(line.slice(0, space)) : 0;
    cp += skip + 1;
    names.set(skip ? line.slice(space + 1) : line, cp);
  }
  return t;
}

/** The code point `\N{name}` stands for, or undefined when Python knows no such name. */
export function characterByName(name: string): number | undefined {
  table ??= load();
  if (name.startsWith('HANGUL SYLLABLE ')) return hangulSyllable(table, name.slice('HANGUL SYLLABLE '.length));
  if (name.startsWith('CJK UNIFIED IDEOGRAPH-')) {
    const hex = name.slice('CJK UNIFIED IDEOGRAPH-'.length);
    if (!/^[0-9A-F]{4,5}$/.test(hex)) return undefined;
    const cp = parseInt(hex, 16);
    return table.cjk.some(([a, b]) => cp >= a && cp <= b) ? cp : undefined;
  }
  // Python compares names with an ASCII upper-casing of the input.
  return table.names.get(name.replace(/[a-z]+/g, (s) => s.toUpperCase()));
}

/** CPython's find_syllable for each column in turn: the longest jamo that starts the rest (the first of equal ones). */
function hangulSyllable(t: Table, rest: string): number | undefined {
  let pos = 0;
  const indices: number[] = [];
  for (const column of [t.hangul.lead, t.hangul.vowel, t.hangul.tail]) {
    let best = -1;
    let bestLength = -1;
    column.forEach((jamo, i) => {
      if (jamo.length > bestLength && rest.startsWith(jamo, pos)) {
        best = i;
        bestLength = jamo.length;
      }
    });
    if (best < 0) return undefined;
    indices.push(best);
    pos += bestLength;
  }
  if (pos !== rest.length) return undefined;
  const [l, v, tail] = indices as [number, number, number];
  return t.hangul.first + (l * t.hangul.vowel.length + v) * t.hangul.tail.length + tail;
}
