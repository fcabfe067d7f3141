/**
 * The files lint looks at: the Heat model's virtual tree (rendered files in
 * memory over the static files on disk), each file read once and parsed once.
 * Files are read as PyYAML's safe_load reads them, as THT's yaml-validate.py
 * does, so a file that CI would refuse is a YAML001 finding; templates and
 * environments built by the model share that one parse.
 */
import { isThtError, type ThtError } from '../load/errors.js';
import { VirtualTree } from '../heat/tree.js';
import type { RenderResult } from '../render/types.js';
import type { YamlFile } from '../yaml/file.js';

export interface LintFile {
  /** Path relative to the tree root, `/`-separated. */
  path: string;
  /** For a rendered file, the `*.j2.yaml` template it came from. */
  template?: string;
  text: string;
  /** The document as plain values (undefined when it does not parse). */
  value: unknown;
  parseError?: ThtError;
  /** The parsed file: positions of paths, repeated keys. */
  yaml: YamlFile;
}

/**
 * The part of a render result lint needs; a RenderResult satisfies it. With
 * the roles, the `-e` files are also checked against the deployment.
 */
export type LintInput = Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles'> & Partial<Pick<RenderResult, 'roles'>>;

/** Only `*.yaml` files are templates, environments or data; `*.j2.yaml` are Jinja sources. */
const isLintedYaml = (path: string): boolean => path.endsWith('.yaml') && !path.endsWith('.j2.yaml');

export class LintTree {
  readonly heat: VirtualTree;
  readonly input: LintInput;
  private readonly templates = new Map<string, string>();
  private readonly loaded = new Map<string, LintFile | null>();

  constructor(input: LintInput) {
    this.input = input;
    this.heat = new VirtualTree(
      input.templatesDir,
      input.files.map((f) => [f.path, f.content] as [string, string]),
      input.staticFiles,
      { profile: 'safe_load' },
    );
    for (const f of input.files) this.templates.set(f.path, f.source);
  }

  get root(): string {
    return this.heat.root;
  }

  /** True if the tree has the file (rendered or on disk). */
  has(path: string): boolean {
    return this.heat.has(path);
  }

  /** The linted YAML files (rendered and static) whose path `wanted` accepts, sorted by path; only those are read and parsed. */
  yamlFiles(wanted: (path: string) => boolean = () => true): LintFile[] {
    return this.heat
      .paths()
      .filter((p) => isLintedYaml(p) && wanted(p))
      .map((p) => this.get(p))
      .filter((f): f is LintFile => f !== undefined);
  }

  /** A file of the tree, read and parsed on first use; undefined if it does not exist. */
  get(path: string): LintFile | undefined {
    const cached = this.loaded.get(path);
    if (cached !== undefined) return cached ?? undefined;
    if (!this.heat.has(path)) {
      this.loaded.set(path, null);
      return undefined;
    }
    const yaml = this.heat.yaml(path);
    const file: LintFile = { path, text: yaml.text, value: undefined, yaml };
    const template = this.templates.get(path);
    if (template !== undefined) file.template = template;
    try {
      file.value = yaml.value;
    } catch (e) {
      if (!isThtError(e)) throw e;
      file.parseError = e;
    }
    this.loaded.set(path, file);
    return file;
  }
}
