/**
 * Python's textwrap.wrap as the `wordwrap` filter calls it (no tab
 * expansion, no whitespace replacement, optional long-word and hyphen breaks).
 */
import { valueError } from './exceptions.js';
import { PY_SPACE } from './strings.js';

const WS = `[${PY_SPACE}]`;
const NOWS = `[^${PY_SPACE}]`;
/** Python's \w (Unicode letters, digits and numbers, and '_'), its word punctuation and its letters ([^\d\W]). */
const WORD = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = `[\\p{L}\\p{N}_!"'&.,?]`;
const LETTER = '(?:(?!\\p{Nd})[\\p{L}\\p{N}_])';
/** textwrap.TextWrapper.wordsep_re (with hyphen breaking), which re.split applies, and wordsep_simple_re. */
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=${WORD})|${NOWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'gu',
);
const SIMPLE = new RegExp(`(${WS}+)`, 'u');

/** re.split with one group: the text between matches and each match, in order. */
function reSplit(text: string, re: RegExp): string[] {
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(last, m.index), m[1]!);
    last = m.index + m[0].length;
    // An empty match moves on by one character, as re.split does.
    if (m[0] === '') re.lastIndex++;
  }
  out.push(text.slice(last));
  return out;
}

export function textWrap(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  const chunks = (breakOnHyphens ? reSplit(text, WORDSEP) : text.split(SIMPLE)).filter((c) => c);
  const isSpace = (c: string) => new RegExp(`^${WS}+$`, 'u').test(c);
  const lines: string[] = [];
  if (width <= 0) throw valueError(`invalid width ${width} (must be > 0)`);
  chunks.reverse();
  while (chunks.length) {
    const cur: string[] = [];
    let curLen = 0;
    if (lines.length && isSpace(chunks[chunks.length - 1]!)) chunks.pop();
    if (!lines.length && chunks.length && isSpace(chunks[chunks.length - 1]!) && false) chunks.pop();
    while (chunks.length) {
      const l = [...chunks[chunks.length - 1]!].length;
      if (curLen + l <= width) {
        cur.push(chunks.pop()!);
        curLen += l;
      } else break;
    }
    if (chunks.length && [...chunks[chunks.length - 1]!].length > width) {
      // textwrap takes at least one character when the line width itself is below 1, else what is left (possibly none).
      const spaceLeft = width < 1 ? 1 : width - curLen;
      if (breakLongWords) {
        const chunk = [...chunks[chunks.length - 1]!];
        let end = spaceLeft;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
          if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
        }
        cur.push(chunk.slice(0, end).join(''));
        chunks[chunks.length - 1] = chunk.slice(end).join('');
      } else if (!cur.length) {
        cur.push(chunks.pop()!);
      }
    }
    if (cur.length && isSpace(cur[cur.length - 1]!)) cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}
