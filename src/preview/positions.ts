/** `file:line:column` of the places the deployment object names, as every message names them. */
import { refPosition, type SourceRef } from '../heat/deployment.js';
import type { VirtualTree } from '../heat/tree.js';
import { displayTreePath } from '../load/paths.js';

export class Positions {
  private readonly shown = new Map<string, string>();

  /** `root`: the tree as the caller named it, so the paths open from the current folder. */
  constructor(
    private readonly tree: VirtualTree,
    private readonly root: string,
  ) {}

  /** The file as it opens from the current folder. */
  file(key: string): string {
    let shown = this.shown.get(key);
    if (shown === undefined) this.shown.set(key, (shown = displayTreePath(this.root, key)));
    return shown;
  }

  /** The file (as it opens from the current folder), line and column of a place. */
  position(ref: SourceRef): { file: string; line: number; column: number } {
    const { line, column } = refPosition(this.tree, ref);
    return { file: this.file(ref.file), line, column };
  }

  /** `file:line:column`, as every message names a place. */
  at(ref: SourceRef): string {
    const { file, line, column } = this.position(ref);
    return `${file}:${line}:${column}`;
  }
}
