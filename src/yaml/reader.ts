/**
 * What PyYAML's Reader (and libyaml's) refuse before any parsing: bytes that
 * are not UTF-8, and characters outside YAML's printable set (C0 and C1
 * controls other than tab and the line breaks, DEL, surrogates, U+FFFE and
 * U+FFFF). Both report them with a character offset; tht turns it into a
 * line and column.
 */

/**
 * Characters outside YAML's printable set (`c-printable`), plus every
 * surrogate: a surrogate is refused only when it is not half of a pair
 * (an astral character). A plain regex: the Unicode-aware one is slower.
 */
const SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/** Offset (UTF-16) of the first character YAML does not allow, or -1. */
export function firstNonPrintable(text: string): number {
  SUSPECT.lastIndex = 0;
  for (let m = SUSPECT.exec(text); m; m = SUSPECT.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        SUSPECT.lastIndex = i + 2;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** How a character is named in messages: `#x7f`, as PyYAML names it. */
export function characterName(text: string, offset: number): string {
  return `#x${text.codePointAt(offset)!.toString(16).padStart(4, '0')}`;
}

// A byte order mark stays in the text, as Python's utf-8 decoding keeps it: the scanner skips one at the start, as PyYAML's does.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export interface DecodedText {
  /** The text; invalid sequences become U+FFFD (only for display: the file is then refused). */
  text: string;
  /** When the bytes are not UTF-8: the offset in `text` where the first invalid sequence starts, and its first byte. */
  invalid?: { offset: number; byte: number };
}

/** UTF-8 bytes as text, noting the first invalid sequence (PyYAML refuses the file there). */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    return { text: lenient.decode(bytes), invalid: { offset: lenient.decode(bytes.subarray(0, at)).length, byte: bytes[at]! } };
  }
}

/** The index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
