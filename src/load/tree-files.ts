/**
 * A template tree's own files for the stages that read one by name rather
 * than through the render's walk (`.thtlint.yaml` and the policy file it
 * names): by the walk's rules (tree.ts), a regular file inside the tree,
 * never through a link out of it or a folder behind a link, and never a
 * FIFO or a device. The commands make one per tree and hand it to the
 * stages, which touch the disk no other way.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ThtError } from './errors.js';
import { readRegularFile } from './files.js';
import { realFolder, treeFileProblem } from './tree.js';
import { YamlFile, type YamlFileOptions } from '../yaml/file.js';

export class TreeFiles {
  /** The tree as the caller named it: messages name its files under it. */
  readonly root: string;
  private realRoot?: string;

  constructor(root: string) {
    this.root = root;
  }

  /** A file of the tree, relative to its root (`/`-separated), as messages name it. */
  display(rel: string): string {
    return join(this.root, rel);
  }

  /**
   * The tree-relative path of a path given relative to the tree root (or
   * absolute); a path that leaves the tree is a ThtError naming `what`.
   */
  inTree(given: string, what: string): string {
    const rel = relative(resolve(this.root), resolve(this.root, given));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new ThtError(`${what} ${given} is outside the template tree ${this.root}`, {
        hint: 'tht reads only files inside the tree (and the folders of the -e files given); put the file in the tree.',
      });
    }
    return rel.split(sep).join('/');
  }

  /** The file's bytes; undefined when there is none. One the walk's rules refuse is a ThtError naming it. */
  bytes(rel: string): Buffer | undefined {
    this.realRoot ??= realFolder(this.root);
    const problem = treeFileProblem(this.realRoot, rel);
    if (problem === 'missing') return undefined;
    const display = this.display(rel);
    if (problem !== undefined) {
      throw new ThtError(`cannot read ${display}: ${problem}`, {
        at: { file: display },
        hint: 'tht reads only regular files inside the tree; a link must lead to a file inside it.',
      });
    }
    return readRegularFile(join(this.root, rel), display);
  }

  /** The file as a YamlFile named as messages name it; undefined when there is none. */
  yaml(rel: string, options: YamlFileOptions = {}): YamlFile | undefined {
    const bytes = this.bytes(rel);
    return bytes && YamlFile.fromBytes(this.display(rel), bytes, options);
  }
}
