/**
 * markupsafe's `Markup.striptags()` and `Markup.unescape()`, which call
 * Python's `html.unescape` with HTML5's whole table of named character
 * references (data/html5-entities.json, written by tools/jinja-tables.sh
 * from Python's html module, and read the first time a template unescapes a
 * named reference).
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../../load/package-files.js';
import { pySplit } from './strings.js';

interface Entities {
  /** `amp;`, `amp`, `AElig;`, ...: html.entities.html5. */
  named: Record<string, string>;
  /** Numeric references HTML5 maps elsewhere (`&#x80;` is '€'): html._invalid_charrefs. */
  invalidCharrefs: Record<string, string>;
  /** Code points a numeric reference drops: html._invalid_codepoints. */
  invalidCodepoints: number[];
}

export const HTML_ENTITIES_FILE = packagePath('data', 'html5-entities.json');

let entities: (Entities & { dropped: Set<number> }) | undefined;
function table(): Entities & { dropped: Set<number> } {
  if (!entities) {
    const t = JSON.parse(readFileSync(HTML_ENTITIES_FILE, 'utf8')) as Entities;
    entities = { ...t, dropped: new Set(t.invalidCodepoints) };
  }
  return entities;
}

/**
 * markupsafe 3.0's striptags: comments removed (each from a '<!--' to the
 * first '-->' after it, looking again from the start, since a removal can
 * join a new '<!--'), then tags (a '<' to the next '>'), stopping at the
 * first opening with no end; whitespace collapsed to single spaces; then
 * unescaped. Done in one pass each, not by rebuilding the string.
 */
export function stripTags(s: string): string {
  return unescapeHtml(pySplit(removeTags(removeComments(s)), null, -1).join(' '));
}

function removeComments(s: string): string {
  if (!s.includes('<!--')) return s;
  // The text kept so far, in pieces (never empty), holds no '<!--'; s[pos:] is still to look at.
  const kept: string[] = [];
  let pos = 0;
  const keptTail = (): string => {
    let tail = '';
    for (let i = kept.length - 1; i >= 0 && tail.length < 3; i--) tail = kept[i] + tail;
    return tail.slice(-3);
  };
  const dropKept = (n: number): void => {
    for (let rest = n; rest > 0; ) {
      const last = kept.pop()!;
      if (last.length > rest) kept.push(last.slice(0, last.length - rest));
      rest -= last.length;
    }
  };
  for (;;) {
    // The first '<!--' of the kept text and s[pos:]: it may begin in the last 3 kept characters.
    const tail = keptTail();
    const straddle = (tail + s.slice(pos, pos + 3)).indexOf('<!--');
    const opener = straddle >= 0 && straddle < tail.length ? tail.slice(straddle) : ''; // its kept part
    const start = opener ? pos : s.indexOf('<!--', pos);
    if (start < 0) break;
    // The first '-->' from the '<!--' on: in `<!-->` it begins inside the opener.
    const inOpener = opener ? (opener + s.slice(start, start + 2)).indexOf('-->') : -1;
    let after: number;
    if (inOpener >= 0 && inOpener < opener.length) after = start + 3 - (opener.length - inOpener);
    else {
      const end = s.indexOf('-->', start);
      if (end < 0) break;
      after = end + 3;
    }
    dropKept(opener.length);
    if (start > pos) kept.push(s.slice(pos, start));
    pos = after;
  }
  return kept.join('') + s.slice(pos);
}

function removeTags(s: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = s.indexOf('<', pos);
    const end = start < 0 ? -1 : s.indexOf('>', start);
    if (end < 0) return out + s.slice(pos);
    out += s.slice(pos, start);
    pos = end + 1;
  }
}

const CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;

/** Python's html.unescape. */
export function unescapeHtml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(CHARREF, (_whole, ref: string) => {
    const t = table();
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const num = parseInt(ref.slice(hex ? 2 : 1).replace(/;$/, ''), hex ? 16 : 10);
      const mapped = t.invalidCharrefs[String(num)];
      if (mapped !== undefined) return mapped;
      if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd';
      if (t.dropped.has(num)) return '';
      return String.fromCodePoint(num);
    }
    const whole = t.named[ref];
    if (whole !== undefined) return whole;
    // The longest name that starts the reference (HTML5 lets `&notit;` be '¬it;').
    const chars = [...ref];
    for (let x = chars.length - 1; x > 1; x--) {
      const prefix = chars.slice(0, x).join('');
      const found = t.named[prefix];
      if (found !== undefined) return found + chars.slice(x).join('');
    }
    return `&${ref}`;
  });
}
