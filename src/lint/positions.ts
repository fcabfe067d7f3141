/**
 * Line and column of a YAML path found by scanning the text, for the common
 * case of block mappings all the way down (`parameters: / Foo:`). Most
 * findings point at such keys, and building the positioned parse of a whole
 * file costs far more than the scan; anything else (flow style, sequences,
 * values on following lines) returns undefined and the caller uses the
 * positioned parse.
 */
import type { PathSegment } from '../load/yaml.js';

/** A plain (unquoted) block-mapping key: what YAML lets start a plain scalar, up to the last char before `:`. */
export const PLAIN_KEY = String.raw`[^\s#:{}[\],&*!|>'"%@\x60-][^#]*?|-[^\s#][^#]*?`;
const PLAIN_KEY_LINE = new RegExp(`^(${PLAIN_KEY}):(?:\\s|$)`);

/** A plain or quoted key at the start of a line, followed by `:`. */
function keyAt(line: string, indent: number): { key: string; end: number } | undefined {
  if (line.length <= indent || line[indent] === ' ' || line[indent] === '\t' || line[indent] === '#') return undefined;
  for (let i = 0; i < indent; i++) if (line[i] !== ' ') return undefined;
  const quote = line[indent];
  if (quote === '"' || quote === "'") {
    const close = line.indexOf(quote, indent + 1);
    if (close < 0 || line[close + 1] !== ':') return undefined;
    const raw = line.slice(indent + 1, close);
    // Escapes would need decoding; leave such keys to the full parser.
    if (raw.includes('\\') || raw.includes(quote)) return undefined;
    return { key: raw, end: close + 2 };
  }
  const m = PLAIN_KEY_LINE.exec(line.slice(indent));
  return m ? { key: m[1]!, end: indent + m[1]!.length + 1 } : undefined;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => {
  const t = line.trimStart();
  return t === '' || t.startsWith('#');
};

export function scanPosition(lines: readonly string[], path: readonly PathSegment[], key: boolean): { line: number; column: number } | undefined {
  if (path.length === 0 || path.some((p) => typeof p !== 'string')) return undefined;
  let from = 0;
  let to = lines.length;
  let indent = -1;
  let found: { line: number; end: number } | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    // The block's own indentation is that of its first non-blank line (deeper than the parent's).
    let first = from;
    while (first < to && isBlank(lines[first]!)) first++;
    if (first >= to) return undefined;
    const childIndent = indentOf(lines[first]!);
    if (childIndent <= indent || lines[first]!.slice(0, childIndent).includes('\t')) return undefined;
    indent = childIndent;
    found = undefined;
    let end = to;
    for (let i = first; i < to; i++) {
      const line = lines[i]!;
      if (isBlank(line)) continue;
      const ind = indentOf(line);
      if (ind < indent) {
        end = i;
        break;
      }
      if (ind !== indent || found) continue;
      const k = keyAt(line, indent);
      if (k?.key === path[depth]) found = { line: i, end: k.end };
    }
    if (!found) return undefined;
    // The value block runs until the next line at this indentation or less.
    from = found.line + 1;
    to = from;
    while (to < end && (isBlank(lines[to]!) || indentOf(lines[to]!) > indent)) to++;
  }
  const line = lines[found!.line]!;
  if (key) return { line: found!.line + 1, column: indent + 1 };
  const rest = line.slice(found!.end);
  const offset = rest.length - rest.trimStart().length;
  // A value on the following lines (or a comment) needs the full parser.
  if (rest.trim() === '' || rest.trimStart().startsWith('#')) return undefined;
  return { line: found!.line + 1, column: found!.end + offset + 1 };
}
