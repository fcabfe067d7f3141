/**
 * `file:line` of the places the deployment object names, as every message
 * names them. A preview shows hundreds of them, nearly all block-mapping
 * keys (`parameters: / Foo: / default:`), so each file's block keys are
 * indexed in one pass over its text (lint's key grammar); the positioned
 * parse (tens of milliseconds a file) is built only for a place the index
 * does not hold (a list item, a flow mapping).
 */
import { refPosition, type SourceRef } from '../heat/deployment.js';
import type { VirtualTree } from '../heat/tree.js';
import { displayTreePath } from '../load/paths.js';
import { PLAIN_KEY } from '../lint/positions.js';

const KEY_LINE = new RegExp(String.raw`^( *)(?:"([^"\\]*)"|'([^']*)'|(${PLAIN_KEY})):(?:\s|$)`);
const SEP = '\u0000';

/**
 * Path (keys joined by SEP) -> 1-based line, for every block-mapping key of
 * the text outside lists (the last of duplicates, the one YAML keeps).
 */
function blockKeys(text: string): Map<string, number> {
  const index = new Map<string, number>();
  const stack: Array<{ indent: number; path: string }> = [];
  // Lines deeper than this are inside a list item or a `|`/`>` scalar: not keys of a mapping path.
  let skipDeeperThan = -1;
  text.split('\n').forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    const rest = line.trimStart();
    if (rest === '' || rest.startsWith('#')) return;
    if (skipDeeperThan >= 0) {
      if (indent > skipDeeperThan || (indent === skipDeeperThan && /^-(\s|$)/.test(rest))) return;
      skipDeeperThan = -1;
    }
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    if (/^-(\s|$)/.test(rest)) {
      skipDeeperThan = indent;
      return;
    }
    const m = KEY_LINE.exec(line);
    if (!m) return;
    const key = m[2] ?? m[3] ?? m[4]!;
    const path = stack.length === 0 ? key : `${stack.at(-1)!.path}${SEP}${key}`;
    index.set(path, i + 1);
    stack.push({ indent, path });
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(line)) skipDeeperThan = indent;
  });
  return index;
}

export class Positions {
  private readonly keys = new Map<string, Map<string, number>>();

  /** `root`: the tree as the caller named it, so the paths open from the current folder. */
  constructor(
    private readonly tree: VirtualTree,
    private readonly root: string,
  ) {}

  /** 1-based line of the key (or item) at the place. */
  line(ref: SourceRef): number {
    if (ref.path.length > 0 && ref.path.every((p) => typeof p === 'string')) {
      let keys = this.keys.get(ref.file);
      if (!keys) this.keys.set(ref.file, (keys = blockKeys(this.tree.text(ref.file) ?? '')));
      const line = keys.get(ref.path.join(SEP));
      if (line !== undefined) return line;
    }
    return refPosition(this.tree, ref).line;
  }

  /** The file as it opens from the current folder. */
  file(key: string): string {
    return displayTreePath(this.root, key);
  }

  /** `file:line`. */
  at(ref: SourceRef): string {
    return `${this.file(ref.file)}:${this.line(ref)}`;
  }
}
