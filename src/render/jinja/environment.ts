/**
 * A Jinja2-faithful template environment on top of nunjucks: our parser and
 * compiler, the Python runtime helpers, and a loader that searches the way
 * process-templates.py's FileSystemLoader does ([template folder, tree root]).
 * Each source file is compiled once and its code shared by every environment.
 */
import nunjucks from 'nunjucks';
import { posix } from 'node:path';
import { JinjaCompiler } from './compiler.js';
import { parseJinja } from './parser.js';
import { pyFilters, pyRuntime } from './runtime.js';
import { TemplateFailure } from './errors.js';

/** Where template sources come from: tree-relative paths with `/`. */
export interface SourceFiles {
  read(path: string): string | undefined;
}

type CompiledProps = Record<string, unknown>;

/**
 * Jinja2's lexer turns `\r\n`/`\r` into `\n` and drops one trailing newline
 * of every template, included ones too (keep_trailing_newline=False).
 */
function normaliseSource(text: string): string {
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return unix.endsWith('\n') ? unix.slice(0, -1) : unix;
}

/** Compile Jinja2 source to nunjucks' template functions. */
function compileSource(source: string, path: string): CompiledProps {
  let code: string;
  try {
    const compiler = new JinjaCompiler(path, false);
    compiler.compile(parseJinja(normaliseSource(source)));
    code = compiler.getCode();
  } catch (e) {
    throw TemplateFailure.fromNunjucks(e, path, 'syntax error');
  }
  return new Function(code)() as CompiledProps;
}

export class TemplateCompiler {
  private readonly compiled = new Map<string, CompiledProps>();
  private readonly environments = new Map<string, nunjucks.Environment>();
  private readonly templates = new Map<string, nunjucks.Template>();

  constructor(private readonly files: SourceFiles) {}

  /** Number of distinct files compiled so far. */
  get compiledCount(): number {
    return this.compiled.size;
  }

  private props(path: string, source: string): CompiledProps {
    let props = this.compiled.get(path);
    if (!props) {
      props = compileSource(source, path);
      this.compiled.set(path, props);
    }
    return props;
  }

  /** The environment whose includes search `folder` first, then the tree root. */
  private environment(folder: string): nunjucks.Environment {
    let env = this.environments.get(folder);
    if (!env) {
      env = new nunjucks.Environment(new TreeLoader(this, [folder, '']) as never, { autoescape: false });
      Object.assign(env, { py: pyRuntime });
      for (const [name, filter] of Object.entries(pyFilters)) env.addFilter(name, filter);
      env.addFilter('d', pyFilters.default!);
      this.environments.set(folder, env);
    }
    return env;
  }

  /** A template for `path`, compiled once, with includes resolved next to `path`. */
  template(path: string): nunjucks.Template {
    let template = this.templates.get(path);
    if (!template) {
      const source = this.files.read(path);
      if (source === undefined) throw new Error(`no such template: ${path}`);
      const env = this.environment(posix.dirname(path) === '.' ? '' : posix.dirname(path));
      template = new nunjucks.Template({ type: 'code', obj: this.props(path, source) } as never, env, path);
      this.templates.set(path, template);
    }
    return template;
  }

  /** Source of an include, if the tree has it. */
  includeSource(path: string): { src: { type: 'code'; obj: CompiledProps }; path: string; noCache: false } | null {
    const text = this.files.read(path);
    if (text === undefined) return null;
    return { src: { type: 'code', obj: this.props(path, text) }, path, noCache: false };
  }

  exists(path: string): boolean {
    return this.files.read(path) !== undefined;
  }
}

/** Render to a string, turning nunjucks errors into TemplateFailure. */
export function renderTemplate(template: nunjucks.Template, context: object, path: string): string {
  try {
    return template.render(context);
  } catch (e) {
    throw TemplateFailure.fromNunjucks(e, path, 'render error');
  }
}

/**
 * Resolves include names against a fixed search path, like jinja2's
 * FileSystemLoader: the first folder that has the file wins; `.` segments
 * are dropped and `..` is refused.
 */
class TreeLoader {
  readonly cache: Record<string, unknown> = {};
  constructor(
    private readonly owner: TemplateCompiler,
    private readonly searchPath: readonly string[],
  ) {}

  isRelative(): boolean {
    return true;
  }

  resolve(_parent: string, name: string): string {
    const segments = name.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..')) return name;
    for (const folder of this.searchPath) {
      const candidate = folder ? `${folder}/${segments.join('/')}` : segments.join('/');
      if (this.owner.exists(candidate)) return candidate;
    }
    return name;
  }

  getSource(path: string) {
    const found = this.owner.includeSource(path);
    if (!found) throw new Error(`template not found: ${path} (searched ${this.searchPath.map((f) => `${f || '.'}/`).join(', ')})`);
    return found;
  }
}
