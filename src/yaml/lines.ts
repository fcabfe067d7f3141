/**
 * Lines and columns as PyYAML counts them, so that a position tht reports is
 * the one PyYAML (and an editor) shows: a line ends at `\n`, `\r\n`, a lone
 * `\r`, `\x85`, `\u2028` or `\u2029`; columns count code points. A byte
 * order mark takes no column in PyYAML and one in libyaml (`bomColumns`),
 * which matters for indentation.
 */

/** Line breaks other than `\n`: when a text has none, finding lines is one indexOf loop. */
const OTHER_BREAKS = /[\r\x85\u2028\u2029]/;
/** Characters that make a column differ from a UTF-16 offset: surrogates (astral code points) and the BOM. */
const WIDE = /[\uD800-\uDFFF\uFEFF]/;

/** Whether a text has characters that make columns differ from UTF-16 offsets. */
export const hasWideCharacters = (text: string): boolean => WIDE.test(text);

/** The lines of a text, found on first use (parsing tracks its own line; only positions need these). */
export class LineIndex {
  private lineStarts?: number[];
  private wideText?: boolean;

  constructor(
    private readonly text: string,
    private readonly bomColumns = false,
  ) {}

  /** Offset of the first character of each line. */
  get starts(): number[] {
    return (this.lineStarts ??= OTHER_BREAKS.test(this.text) ? breaksByChar(this.text) : breaksByNewline(this.text));
  }

  private get wide(): boolean {
    return (this.wideText ??= hasWideCharacters(this.text));
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 0-based column of an offset on a 0-based line. */
  columnOn(line: number, offset: number): number {
    const start = this.starts[line]!;
    return this.wide ? columnsBetween(this.text, start, offset, this.bomColumns) : offset - start;
  }

  /** 1-based line and column of an offset, as messages show them. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: this.columnOn(line, offset) + 1 };
  }

}

function breaksByNewline(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function breaksByChar(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // \r\n breaks once, at the \n
    if (c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
  return starts;
}

/** Columns between two offsets of a line: code points, BOMs counted only as libyaml counts them. */
export function columnsBetween(text: string, from: number, to: number, bomColumns: boolean): number {
  let column = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // A BOM opening the file is dropped by libyaml's reader too; a low surrogate is the same code point as its pair.
    if ((c === 0xfeff && (!bomColumns || i === 0)) || (c >= 0xdc00 && c <= 0xdfff)) continue;
    column++;
  }
  return column;
}
