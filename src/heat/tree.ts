/**
 * The virtual tree: every file the Heat model may look at, addressed by one key
 * per file, read at most once and parsed at most once.
 *
 * Keys: files inside the template tree use their path relative to the tree
 * root with `/` separators (`deployment/nova/nova-api-container-puppet.yaml`);
 * files outside it (an operator's `-e ~/my-env.yaml`) use their absolute path.
 * Rendered files (from a RenderResult) shadow whatever is on disk at the same
 * path, so `overcloud.yaml` is the rendered one even when a stale copy exists.
 * Static files are read lazily: the walk touches only the templates the
 * registry reaches, which is a fraction of the tree. Every file is a YamlFile,
 * parsed when something first asks for its value.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep, posix } from 'node:path';
import type { RenderResult } from '../render/types.js';
import { ThtError } from '../load/errors.js';
import { readRegularFileSync, type ReadOutcome } from '../load/files.js';
import { treeFileProblem } from '../load/tree.js';
import { YamlFile, type YamlProfile } from '../yaml/file.js';
import { parseTemplate, type HotTemplate } from './template.js';

export interface TreeOptions {
  /**
   * How files are read: as Heat reads templates and environments (the
   * default), or as PyYAML's safe_load (THT's yaml-validate.py, which `tht
   * lint` stands in for, reads every file so).
   */
  profile?: YamlProfile;
  /**
   * How a file on disk is read (the command's reader; by default the load
   * stage's, which reads regular files only). The model never touches the
   * disk any other way.
   */
  read?: (absolutePath: string) => ReadOutcome;
}

export class VirtualTree {
  /** Absolute path of the template tree root. */
  readonly root: string;
  /** Rendered files: their text, or a file whose content renders when first read (render's renderOnDemand). */
  private readonly rendered = new Map<string, string | { readonly content: string }>();
  /** Files read so far (null: not a readable file). */
  private readonly files = new Map<string, YamlFile | null>();
  private readonly templateCache = new Map<string, HotTemplate>();
  private readonly staticList: readonly string[];
  private readonly yamlOptions: { profile: YamlProfile };
  private readonly read: (absolutePath: string) => ReadOutcome;
  /** Folders outside the root whose files may be read: those of the files the user named (an -e file's). */
  private readonly reach: string[] = [];
  /** Why a key that is there could not be read (a link out of the tree, a FIFO, too big). */
  private readonly refusals = new Map<string, string>();
  private realRoot?: string;
  /** Folders of the tree found to be real folders (no link on the way), for linkProblem. */
  private readonly realFolders = new Set<string>();

  /**
   * @param root the template tree on disk
   * @param rendered rendered files, path (relative, `/`) -> text, or a file rendering it on first read
   * @param staticFiles the tree's other files (relative), used only for listings
   */
  constructor(root: string, rendered: Iterable<[string, string | { readonly content: string }]>, staticFiles: readonly string[] = [], options: TreeOptions = {}) {
    this.root = resolve(root);
    for (const [path, text] of rendered) this.rendered.set(path, text);
    this.staticList = staticFiles;
    this.yamlOptions = { profile: options.profile ?? 'heat' };
    this.read = options.read ?? readRegularFileSync;
  }

  /**
   * Let files in the folder of `fsPath` be read: a file the user names (an
   * -e file outside the tree) brings its folder, where its registry entries
   * point. Nothing else outside the root is ever read, so a registry entry
   * cannot make tht open /proc/self/mem or a device.
   */
  allowFolderOf(fsPath: string): void {
    const folder = dirname(resolve(fsPath));
    if (!this.reach.includes(folder)) this.reach.push(folder);
  }

  /**
   * Why a key names no readable file, as the end of a sentence: "does not
   * exist", "is a folder, not a regular file", "is outside ...". Undefined
   * when it does name one.
   */
  whyUnreadable(key: string): string | undefined {
    if (this.has(key)) return undefined;
    const why = this.refusals.get(key) ?? 'it does not exist';
    // "etc is a symbolic link ..." (a folder on the way) is about another path than the key.
    return why.startsWith('it ') ? why.slice('it '.length) : `cannot be read: ${why}`;
  }

  /**
   * A file inside the tree is read only where the render's tree walk would
   * read it (load/tree.ts): never through a link out of the tree or a folder
   * behind a link. A missing file is left to the reader to say so.
   */
  private linkProblem(key: string): { refused: string } | undefined {
    if (isAbsolute(key)) return undefined;
    this.realRoot ??= realpathOrSelf(this.root);
    const problem = treeFileProblem(this.realRoot, key, this.realFolders);
    return problem === undefined || problem === 'missing' ? undefined : { refused: problem };
  }

  private inReach(key: string): boolean {
    if (!isAbsolute(key)) return true;
    const within = (folder: string) => {
      const rel = relative(folder, key);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    };
    return this.reach.some(within);
  }

  /** Every file key of the tree (rendered and static), sorted; outside files are not listed. */
  paths(): string[] {
    return [...new Set([...this.rendered.keys(), ...this.staticList])].sort();
  }

  /** The key for a file system path (absolute or relative to the cwd). */
  keyForFsPath(fsPath: string): string {
    const abs = resolve(fsPath);
    const rel = relative(this.root, abs);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
    return abs;
  }

  /** Where a key lives on disk (rendered files may have no disk copy). */
  fsPath(key: string): string {
    return isAbsolute(key) ? key : join(this.root, key);
  }

  /**
   * Resolve a reference written in file `from` (a registry value, a template
   * `type:`, a `get_file`) to a key, the way heatclient joins URLs against the
   * containing file's directory.
   */
  resolveRef(from: string, ref: string): string {
    if (ref.startsWith('file://')) ref = ref.slice('file://'.length);
    if (isAbsolute(ref)) return this.keyForFsPath(ref);
    if (isAbsolute(from)) return this.keyForFsPath(join(posix.dirname(from), ref));
    const joined = posix.normalize(posix.join(posix.dirname(from), ref));
    // A path climbing out of the tree is an outside file.
    return joined.startsWith('../') ? this.keyForFsPath(join(this.root, joined)) : joined;
  }

  /** Whether the key names a readable file; a rendered one is not rendered to know. */
  has(key: string): boolean {
    return this.rendered.has(key) || this.file(key) !== undefined;
  }

  /** The file's text, or undefined if it exists neither rendered nor on disk. */
  text(key: string): string | undefined {
    return this.file(key)?.text;
  }

  private file(key: string): YamlFile | undefined {
    let file = this.files.get(key);
    if (file === undefined) {
      const rendered = this.rendered.get(key);
      if (rendered !== undefined) {
        file = new YamlFile(key, typeof rendered === 'string' ? rendered : rendered.content, this.yamlOptions);
      } else if (!this.inReach(key)) {
        file = null;
        this.refusals.set(key, 'it is outside the template tree and the folders of the environment files given');
      } else {
        const outcome = this.linkProblem(key) ?? this.read(this.fsPath(key));
        if ('bytes' in outcome) file = YamlFile.fromBytes(key, outcome.bytes, this.yamlOptions);
        else {
          file = null;
          this.refusals.set(key, outcome.refused);
        }
      }
      this.files.set(key, file);
    }
    return file ?? undefined;
  }

  /** The file as YAML (read once, parsed on first use); throws ThtError if it does not exist. */
  yaml(key: string): YamlFile {
    const file = this.file(key);
    const refused = file === undefined ? this.refusals.get(key) : undefined;
    if (refused !== undefined && refused !== 'it does not exist') {
      throw new ThtError(`cannot read ${key}: ${refused}`, {
        at: { file: key },
        hint: 'tht reads only regular files inside the tree and the folders of the environment files given; a link must lead to a file inside the tree.',
      });
    }
    if (file === undefined) {
      throw new ThtError(`cannot read ${key}: no such file`, {
        at: { file: key },
        hint: 'Check the path; registry paths are relative to the environment file that names them.',
      });
    }
    return file;
  }

  /** The HOT template model of a file (cached). */
  template(key: string): HotTemplate {
    let tmpl = this.templateCache.get(key);
    if (!tmpl) {
      tmpl = parseTemplate(this.yaml(key));
      this.templateCache.set(key, tmpl);
    }
    return tmpl;
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The virtual tree of a render: rendered files in memory over the static files on disk. */
export function treeFromRender(result: Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles'>): VirtualTree {
  return new VirtualTree(
    result.templatesDir,
    result.files.map((f) => [f.path, f] as const),
    result.staticFiles,
  );
}
