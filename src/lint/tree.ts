/**
 * The files lint looks at: the Heat model's virtual tree (rendered files in
 * memory over the static files on disk), with each file read once, its value
 * parsed once by the fast parser, and its positioned parse made only when a
 * finding in it needs a line and column (or the fast parser refuses it).
 */
import { isThtError, type ThtError } from '../load/errors.js';
import { fastYamlValue } from '../load/fast-yaml.js';
import type { ParsedYaml } from '../load/yaml.js';
import type { YamlSource } from '../heat/template.js';
import { VirtualTree } from '../heat/tree.js';
import type { RenderResult } from '../render/types.js';

export interface LintFile {
  /** Path relative to the tree root, `/`-separated. */
  path: string;
  /** For a rendered file, the `*.j2.yaml` it came from. */
  source?: string;
  text: string;
  /** The document as plain values (undefined when it does not parse). */
  value: unknown;
  parseError?: ThtError;
  /** The positioned parse, made on first call (undefined when the text is not valid YAML). */
  positions(): ParsedYaml | undefined;
}

/**
 * The Heat model's tree, with every file's value parsed whole when first
 * read. The model parses template sections lazily because a nested-stack walk
 * reads a fraction of the tree; lint reads every section of every file, and a
 * YAML error must show up as a finding on its file, not later from inside a
 * rule. Templates and environments built by the model share this one parse.
 */
class WholeFileTree extends VirtualTree {
  private readonly values = new Map<string, YamlSource>();

  override source(key: string): YamlSource {
    let src = this.values.get(key);
    if (!src) {
      const text = this.text(key);
      // No text: the model's own method says so in its own words.
      if (text === undefined) return super.source(key);
      const value = fastYamlValue(text)?.value ?? this.parsed(key).value;
      src = { file: key, value, positions: () => this.parsed(key) };
      this.values.set(key, src);
    }
    return src;
  }
}

/** The part of a render result lint needs; a RenderResult satisfies it. */
export type LintInput = Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles'>;

/** Only `*.yaml` files are templates, environments or data; `*.j2.yaml` are Jinja sources. */
const isLintedYaml = (path: string): boolean => path.endsWith('.yaml') && !path.endsWith('.j2.yaml');

export class LintTree {
  readonly heat: VirtualTree;
  private readonly sources = new Map<string, string>();
  private readonly loaded = new Map<string, LintFile | null>();

  constructor(input: LintInput) {
    this.heat = new WholeFileTree(
      input.templatesDir,
      input.files.map((f) => [f.path, f.content] as [string, string]),
      input.staticFiles,
    );
    for (const f of input.files) this.sources.set(f.path, f.source);
  }

  get root(): string {
    return this.heat.root;
  }

  /** True if the tree has the file (rendered or on disk). */
  has(path: string): boolean {
    return this.heat.has(path);
  }

  /** The linted YAML files (rendered and static), sorted by path. */
  yamlFiles(): LintFile[] {
    return this.heat
      .paths()
      .filter(isLintedYaml)
      .map((p) => this.get(p))
      .filter((f): f is LintFile => f !== undefined);
  }

  /** A file of the tree, read and parsed on first use; undefined if it does not exist. */
  get(path: string): LintFile | undefined {
    const cached = this.loaded.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const text = this.heat.text(path);
    if (text === undefined) {
      this.loaded.set(path, null);
      return undefined;
    }
    const heat = this.heat;
    const file: LintFile = {
      path,
      text,
      value: undefined,
      positions: () => (file.parseError ? undefined : heat.parsed(path)),
    };
    const source = this.sources.get(path);
    if (source !== undefined) file.source = source;
    try {
      file.value = heat.source(path).value;
    } catch (e) {
      if (!isThtError(e)) throw e;
      file.parseError = e;
    }
    this.loaded.set(path, file);
    return file;
  }
}
