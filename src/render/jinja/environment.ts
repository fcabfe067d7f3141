/**
 * The Jinja2 environment process-templates.py uses (`jinja2.Environment()`
 * defaults, FileSystemLoader([template folder, tree root]), the top
 * template from source): compiling each source once into a JS module, and
 * per render the loaded templates, their imported modules and the bounds.
 */
import { posix } from 'node:path';
import { generate } from './codegen.js';
import { PyException, TemplateNotFound } from './exceptions.js';
import { normaliseSource } from './lexer.js';
import { DEFAULT_LIMITS, withBudget, type JinjaLimits } from './limits.js';
import { parseTemplate } from './parser.js';
import { pyRepr, pyStr, typeName } from './py.js';
import { GLOBALS } from './builtins.js';
import { joinedRender, newContext, TemplateModule, type BlockFn, type Context } from './runtime.js';
import { RT } from './rt.js';
import { TemplateFailure } from './errors.js';
import { Undefined } from './values.js';
import { toTemplateValue } from './boundary.js';

/** Where template sources come from: tree-relative paths with `/`. */
export interface SourceFiles {
  read(path: string): string | undefined;
}

interface CompiledModule {
  root: (context: Context) => string;
  blocks: Map<string, BlockFn>;
}

/** Compile normalised-or-not Jinja2 source into a module. */
function compileModule(source: string, name: string | undefined, path: string): CompiledModule {
  const tree = parseTemplate(normaliseSource(source), path);
  const code = generate(tree, name, path);
  return new Function('rt', code)(RT) as CompiledModule;
}

/** A template loaded in one render: jinja2's Template object. */
export class RuntimeTemplate {
  private module?: TemplateModule;
  constructor(
    readonly environment: RenderEnvironment,
    readonly name: string | undefined,
    readonly path: string,
    private readonly compiled: CompiledModule,
  ) {}

  get blocks(): Map<string, BlockFn> {
    return this.compiled.blocks;
  }

  root(context: Context): string {
    return this.compiled.root(context);
  }

  newContext(vars: Map<string, unknown> | null, shared = false, locals: Map<string, unknown> | null = null): Context {
    return newContext(this.environment, this.name, this.compiled.blocks, vars, shared, GLOBALS, locals);
  }

  makeModule(vars: Map<string, unknown> | null, shared = false, locals: Map<string, unknown> | null = null): TemplateModule {
    return new TemplateModule(this.name, this.newContext(vars, shared, locals), (c) => this.root(c));
  }

  defaultModule(): TemplateModule {
    this.module ??= this.makeModule(null);
    return this.module;
  }
}

/** One render's environment: templates are loaded (and their modules cached) per render, as process-templates.py makes one Environment per file. */
export class RenderEnvironment {
  private readonly loaded = new Map<string, RuntimeTemplate>();
  constructor(
    private readonly compiler: TemplateCompiler,
    private readonly searchPath: readonly string[],
  ) {}

  getTemplate(name: unknown, _parent?: string): RuntimeTemplate {
    if (name instanceof RuntimeTemplate) return name;
    if (name instanceof Undefined) name.fail();
    if (typeof name !== 'string') throw new PyException('AttributeError', `'${typeName(name)}' object has no attribute 'split'`);
    let template = this.loaded.get(name);
    if (!template) {
      template = this.load(name);
      this.loaded.set(name, template);
    }
    return template;
  }

  private load(name: string): RuntimeTemplate {
    const pieces: string[] = [];
    for (const piece of name.split('/')) {
      if (piece === '..') throw new TemplateNotFound([name], name);
      if (piece && piece !== '.') pieces.push(piece);
    }
    for (const folder of this.searchPath) {
      const path = folder ? `${folder}/${pieces.join('/')}` : pieces.join('/');
      const compiled = this.compiler.compiled(path, name);
      if (compiled) return new RuntimeTemplate(this, name, path, compiled);
    }
    const paths = this.searchPath.map((p) => pyRepr(p || '.')).join(', ');
    throw new TemplateNotFound([name], `${pyRepr(name)} not found in search path${this.searchPath.length === 1 ? '' : 's'}: ${paths}`);
  }

  selectTemplate(names: unknown, parent?: string): RuntimeTemplate {
    if (names instanceof Undefined) names.fail();
    const list = [...RT.iterate(names)];
    if (!list.length) throw new TemplateNotFound([], 'Tried to select from an empty list of templates.', 'TemplatesNotFound');
    for (const name of list) {
      if (name instanceof RuntimeTemplate) return name;
      try {
        return this.getTemplate(name, parent);
      } catch (e) {
        if (!(e instanceof TemplateNotFound) && !(e instanceof PyException && e.pyType === 'UndefinedError')) throw e;
      }
    }
    const shown = list.map((n) => (n instanceof Undefined ? '' : pyStr(n)));
    let message = `none of the templates given were found: ${shown.join(', ')}`;
    const undefinedName = list.find((n): n is Undefined => n instanceof Undefined);
    if (undefinedName) {
      try {
        undefinedName.fail();
      } catch (e) {
        message += `\n${(e as Error).message}`;
      }
    }
    throw new TemplateNotFound(list, message, 'TemplatesNotFound');
  }

  getOrSelectTemplate(nameOrList: unknown, parent?: string): RuntimeTemplate {
    if (typeof nameOrList === 'string' || nameOrList instanceof Undefined) return this.getTemplate(nameOrList, parent);
    if (nameOrList instanceof RuntimeTemplate) return nameOrList;
    return this.selectTemplate(nameOrList, parent);
  }
}

/** Compiles each source file once; `template(path)` gives what renderTemplate renders. */
export class TemplateCompiler {
  private readonly modules = new Map<string, CompiledModule | null>();
  private readonly tops = new Map<string, TopTemplate>();
  readonly limits: JinjaLimits;

  constructor(
    private readonly files: SourceFiles,
    limits: Partial<JinjaLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Number of distinct files compiled so far. */
  get compiledCount(): number {
    return [...this.modules.values()].filter(Boolean).length;
  }

  /** The compiled module of `path` loaded as `name`, or undefined when the file does not exist. */
  compiled(path: string, name: string | undefined): CompiledModule | undefined {
    const key = `${path}\0${name ?? ''}`;
    if (!this.modules.has(key)) {
      const source = this.files.read(path);
      this.modules.set(key, source === undefined ? null : compileModule(source, name, path));
    }
    return this.modules.get(key) ?? undefined;
  }

  /** The top template of a render (jinja2's from_string: no name), with includes searched next to `path`. */
  template(path: string): TopTemplate {
    let top = this.tops.get(path);
    if (!top) {
      let compiled: CompiledModule | undefined;
      try {
        compiled = this.compiled(path, undefined);
      } catch (e) {
        throw TemplateFailure.from(e, path);
      }
      if (!compiled) throw new Error(`no such template: ${path}`);
      const folder = posix.dirname(path) === '.' ? '' : posix.dirname(path);
      top = { path, compiled, searchPath: [folder, ''] };
      this.tops.set(path, top);
    }
    return top;
  }

  /** Render `top` with `context` (Python values, or plain data converted once to them: see boundary.ts). */
  render(top: TopTemplate, context: Record<string, unknown>): string {
    const environment = new RenderEnvironment(this, top.searchPath);
    const template = new RuntimeTemplate(environment, undefined, top.path, top.compiled);
    const vars = new Map<string, unknown>();
    // An undefined entry is a variable the template does not get (Undefined), not None.
    for (const [k, v] of Object.entries(context)) if (v !== undefined) vars.set(k, toTemplateValue(v));
    return withBudget(this.limits, () => joinedRender(() => template.root(template.newContext(vars))));
  }
}

export interface TopTemplate {
  path: string;
  compiled: CompiledModule;
  searchPath: string[];
}

/** Render to a string, turning template errors into TemplateFailure (file, line, column, message). */
export function renderTemplate(compiler: TemplateCompiler, template: TopTemplate, context: Record<string, unknown>): string {
  try {
    return compiler.render(template, context);
  } catch (e) {
    throw TemplateFailure.from(e, template.path);
  }
}

