/**
 * Python's textwrap.wrap as the `wordwrap` filter calls it (no tab
 * expansion, no whitespace replacement, optional long-word and hyphen breaks).
 */
import { valueError } from './exceptions.js';
import { PY_SPACE } from './strings.js';

const WS = `[${PY_SPACE}]`;
const NOWS = `[^${PY_SPACE}]`;
const letter = '[^\\d\\W]';
/** textwrap.TextWrapper.wordsep_re (with hyphen breaking) and wordsep_simple_re. */
const WORDSEP = new RegExp(
  `(${WS}+|(?<=^|${WS})-*?(?=${WS}|$)|${NOWS}+?(?:-(?:(?<=${letter}{2}-)|(?<=${letter}-${letter}-))(?=${letter}-?${letter})|(?=${WS}|$)|(?<=${NOWS})(?=-{2,}\\w))|${NOWS}+)`,
  'gu',
);
const SIMPLE = new RegExp(`(${WS}+)`, 'u');

export function textWrap(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  const chunks = (breakOnHyphens ? text.match(WORDSEP) ?? [] : text.split(SIMPLE)).filter((c) => c);
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
      const spaceLeft = width - curLen < 1 ? 1 : width - curLen;
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
