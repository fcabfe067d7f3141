/**
 * The nested-stack walk: what Heat's template-validate with show_nested sees.
 *
 * From the root template, every resource whose type the registry maps to a
 * template becomes a child stack (nesting.ts says which, for lint as well); a
 * ResourceGroup has one child "0" (Heat validates a group of size 1); a
 * ResourceChain has children "0".."n-1" typed by its `resources` list. Resources whose condition is false are left out.
 * Each stack's parameter values follow Heat's precedence: the value the parent
 * passes as a property (or, at the root, the env `parameters`), then
 * `parameter_defaults`, then the template default. What a parent passes is
 * computed as a validating Heat computes it (evaluate.ts, parameter-value.ts),
 * in a stack named `dummy` at the root and `<parent>-<resource>` below.
 */
import type { PathSegment } from '../yaml/file.js';
import type { Environment } from './environment.js';
import { evaluateCondition, evaluateConditionDefinition, HeatFunctionError, isFunctionCall, OMITTED, ParameterMissing, resolveValue, type StackScope } from './evaluate.js';
import { HEAT_RESOURCE_TYPES } from './heat-resource-types.js';
import { nestingOf, type NestedUse } from './nesting.js';
import { nestedStackParameters, parameterValue } from './parameter-value.js';
import { type HotParameter, type HotResource, type HotTemplate } from './template.js';
import { isMapping } from '../load/values.js';
import { ThtError } from '../load/errors.js';
import type { VirtualTree } from './tree.js';
import type { YaqlOptions } from './yaql/index.js';

export interface ResolvedParameter {
  def: HotParameter;
  /** Value given by the parent's property (or the root env `parameters`); raw, as passed. */
  userValue?: unknown;
  /** Value from the environments' `parameter_defaults`, raw. */
  userDefault?: unknown;
  /** The effective value, parsed to the parameter's type (undefined when there is none). */
  value: unknown;
}

export type StackKind = 'template' | 'group' | 'chain';

export interface StackNode {
  /** Resource name in the parent; '' for the root. */
  name: string;
  /** Resource names from the root to this stack (empty for the root). */
  path: string[];
  /** The resource type as written in the parent (undefined for the root). */
  type?: string;
  /** Nesting depth as Heat counts it: the root is 0, each nested stack (a group's or chain's own too) one more. */
  depth: number;
  /** The parent's template (virtual-tree key) and the YAML path of the resource that makes this stack. */
  definedAt?: { file: string; path: PathSegment[] };
  kind: StackKind;
  /** For a template stack: virtual-tree key and model. */
  file?: string;
  template?: HotTemplate;
  /** For a template stack: what its functions see at validate time (its parameters' values, conditions). */
  scope?: StackScope;
  description: string;
  parameters: ResolvedParameter[];
  children: StackNode[];
  /**
   * For a chain: the member types in order, as its `resources` evaluated (members mapped to
   * OS::Heat::None have no child, so the children alone cannot say which member is which).
   */
  members?: string[];
  /** For a group or chain: each member's nested stack as the walk resolved it (type, where written, registry resolution). */
  uses?: NestedUse[];
}

export interface WalkProblem {
  /** What Heat makes of it: a registry loop or self-nesting (`registry-cycle`), a missing template, or a function that fails. */
  code: 'registry-cycle' | 'missing-template' | 'evaluation';
  message: string;
  /** Template (virtual-tree key) and YAML path of the resource concerned. */
  file: string;
  path: PathSegment[];
  /** Resource path of the stack in which it happened. */
  stack: string[];
}

/** A resource whose type neither the registry maps nor Heat provides. */
export interface UnmappedType {
  /** The type as the template names it (or the chain lists it), and what the registry led it to. */
  type: string;
  resolved: string;
  /** Template (virtual-tree key) and YAML path of the resource. */
  file: string;
  path: PathSegment[];
  /** Resource path of the resource (for a chain member, the chain's path and its index). */
  stack: string[];
  /** For a member of a ResourceChain: its index in the chain's `resources` list. */
  chainIndex?: number;
}

export interface WalkResult {
  root: StackNode;
  problems: WalkProblem[];
  unmapped: UnmappedType[];
  /** Number of stacks visited. */
  stacks: number;
}

export interface WalkOptions {
  tree: VirtualTree;
  env: Environment;
  /** Root template key; default `overcloud.yaml`. */
  root?: string;
  /** The yaql limits of the Heat validating (Heat's defaults when not given). */
  yaql?: YaqlOptions;
  /** Walk only the root resources this accepts (a preview of one role needs only its own). */
  only?: (rootResource: string) => boolean;
  /**
   * Heat's max_nested_stack_depth (-1: none). Heat refuses the first stack past it and goes no
   * deeper, and so does the walk: the deepest node it makes is that first stack, for rejections.ts.
   */
  maxDepth?: number;
}

/**
 * How deep the walk goes whatever the limit says (a limit of -1, or one raised past this): the walk
 * recurses, so a tree nested thousands deep must stop with a clear error, not overflow the stack.
 */
export const WALK_DEPTH_BOUND = 200;

/** The error for a tree nested past WALK_DEPTH_BOUND: `file`, named in `from`, is `depth` deep. */
export function tooDeep(from: string, file: string, depth: number): ThtError {
  return new ThtError(`stacks nest more than ${WALK_DEPTH_BOUND} deep (${file} is ${depth} deep), more than tht follows`, {
    at: { file: from },
    hint: 'Heat refuses far less (max_nested_stack_depth); look for a template that nests itself under other names.',
  });
}

/** ResourceGroup's `index_var` default; Heat replaces it with the member name in the member's properties. */
const DEFAULT_INDEX_VAR = '%index%';
/** The name service.py validate_template gives the stack it validates. */
export const VALIDATE_STACK_NAME = 'dummy';
/** A description-less template's description (HOT's default: hot/template.py `__getitem__`). */
export const NO_DESCRIPTION = 'No description';

/** Walk the whole nested-stack tree from the root template. */
export function walkStacks(opts: WalkOptions): WalkResult {
  const limit = opts.maxDepth ?? -1;
  const maxDepth = limit < 0 ? WALK_DEPTH_BOUND : Math.min(limit, WALK_DEPTH_BOUND);
  const walker = new Walker(opts.tree, opts.env, opts.yaql, opts.only, maxDepth);
  const rootKey = opts.root ?? 'overcloud.yaml';
  const root = walker.templateStack(rootKey, '', [], undefined, opts.env.parameters, [rootKey], VALIDATE_STACK_NAME);
  return { root, problems: walker.problems, unmapped: walker.unmapped, stacks: walker.count };
}

/** A function Heat would raise on in a place where validate fails (not a property it falls back on). */
function failure(e: unknown): string | undefined {
  return e instanceof HeatFunctionError ? e.message : undefined;
}

class Walker {
  readonly problems: WalkProblem[] = [];
  readonly unmapped: UnmappedType[] = [];
  count = 0;

  constructor(
    private readonly tree: VirtualTree,
    private readonly env: Environment,
    private readonly yaql: YaqlOptions | undefined,
    private readonly only: ((rootResource: string) => boolean) | undefined,
    private readonly maxDepth: number,
  ) {}

  /** A stack built from a template; `passed` are the values given for its parameters (user_params). */
  templateStack(
    file: string,
    name: string,
    path: string[],
    type: string | undefined,
    passed: Record<string, unknown>,
    ancestors: string[],
    stackName: string,
    depth = 0,
    definedAt?: StackNode['definedAt'],
  ): StackNode {
    this.count++;
    const template = this.tree.template(file);
    const parameters = this.resolveParameters(template, passed);
    const scope = this.scope(template, parameters, stackName);
    const node: StackNode = {
      name,
      path,
      ...(type === undefined ? {} : { type }),
      depth,
      ...(definedAt === undefined ? {} : { definedAt }),
      kind: 'template',
      file,
      template,
      scope,
      description: template.description || NO_DESCRIPTION,
      parameters,
      children: [],
    };
    if (depth > this.maxDepth) {
      if (depth > WALK_DEPTH_BOUND) {
        throw tooDeep(definedAt?.file ?? file, file, depth);
      }
      return node;
    }
    for (const res of template.resources.values()) {
      if (path.length === 0 && this.only && !this.only(res.name)) continue;
      if (res.condition !== undefined && !this.attempt(() => evaluateCondition(res.condition, scope), template, [...res.path, 'condition'], path)) continue;
      const child = this.resourceStack(template, res, path, scope, ancestors, depth + 1);
      if (child) node.children.push(child);
    }
    return node;
  }

  /**
   * Run `f`; where a function raises (Heat's validate would fail there),
   * record the problem and give undefined.
   */
  private attempt<T>(f: () => T, template: HotTemplate, at: PathSegment[], stack: string[]): T | undefined {
    try {
      return f();
    } catch (e) {
      const message = failure(e);
      if (message === undefined) throw e;
      this.problems.push({ code: 'evaluation', message, file: template.file, path: at, stack });
      return undefined;
    }
  }

  private resolveParameters(template: HotTemplate, passed: Record<string, unknown>): ResolvedParameter[] {
    const defaults = this.env.parameterDefaults;
    return [...template.parameters.values()].map((def) => {
      const rp: ResolvedParameter = { def, value: undefined };
      const user = passed[def.name];
      if (user !== undefined && user !== null) rp.userValue = user;
      if (Object.hasOwn(defaults, def.name) && defaults[def.name] !== null) rp.userDefault = defaults[def.name];
      const raw = rp.userValue ?? rp.userDefault ?? def.default;
      rp.value = raw === undefined || raw === null ? undefined : parameterValue(def.type, raw);
      return rp;
    });
  }

  /** What the template's functions see in this stack. */
  private scope(template: HotTemplate, parameters: ResolvedParameter[], stackName: string): StackScope {
    const values = new Map(parameters.map((p) => [p.def.name, p.value]));
    const pseudo = new Map<string, unknown>([
      ['OS::stack_name', stackName],
      // Not stored at validate time: str(None).
      ['OS::stack_id', 'None'],
      // The request's project; there is none offline.
      ['OS::project_id', ''],
    ]);
    const conditions = new Map<string, boolean | 'in progress'>();
    const scope: StackScope = {
      stackName,
      versionDate: template.versionDate,
      param: (n) => {
        if (pseudo.has(n)) return pseudo.get(n);
        const v = values.get(n);
        if (v === undefined) throw new ParameterMissing(n);
        return v;
      },
      condition: (n) => {
        const known = conditions.get(n);
        if (known === 'in progress') throw new HeatFunctionError(`Circular definition for condition "${n}"`);
        if (known !== undefined) return known;
        if (!template.conditions.has(n)) throw new HeatFunctionError(`Invalid condition "${n}"`);
        conditions.set(n, 'in progress');
        try {
          const v = evaluateConditionDefinition(n, template.conditions.get(n), scope);
          conditions.set(n, v);
          return v;
        } catch (e) {
          conditions.delete(n);
          throw e;
        }
      },
      hasResource: (n) => template.resources.has(n),
      file: (key) => this.tree.text(this.tree.resolveRef(template.file, key)),
      ...(this.yaql === undefined ? {} : { yaql: this.yaql }),
    };
    return scope;
  }

  /** The child stack a resource makes, if any. */
  private resourceStack(
    parent: HotTemplate,
    res: HotResource,
    parentPath: string[],
    scope: StackScope,
    ancestors: string[],
    depth: number,
  ): StackNode | undefined {
    const path = [...parentPath, res.name];
    const stackName = `${scope.stackName}-${res.name}`;
    const definedAt = { file: parent.file, path: res.path };
    const nesting = nestingOf(res, {
      resolve: (type, member) => this.env.registry.resolve(type, { from: parent.file, resourcePath: member === undefined ? path : [...path, member], tree: this.tree }),
      read: (name, raw, at) => this.attempt(() => (name === 'resource_def' ? resolveGroupDefinition(raw, scope) : resolveValue(raw, scope)), parent, at, parentPath),
    });
    switch (nesting.kind) {
      case 'leaf': {
        const r = nesting.resolution;
        if (r?.kind === 'plugin' && !HEAT_RESOURCE_TYPES.has(r.type)) {
          this.unmapped.push({ type: res.type, resolved: r.type, file: parent.file, path: [...res.path, 'type'], stack: path });
        }
        return undefined;
      }
      case 'cycle':
        this.problems.push({ code: 'registry-cycle', message: `registry aliases for ${res.type} loop`, file: parent.file, path: [...res.path, 'type'], stack: parentPath });
        return undefined;
      case 'template': {
        const file = this.nestedFile(nesting.use, parent, res, path, ancestors);
        if (file === undefined) return undefined;
        const child = this.tree.template(file);
        const passed = this.attempt(() => nestedStackParameters(res.properties, child, (v) => resolveValue(v, scope)), parent, [...res.path, 'properties'], parentPath);
        if (passed === undefined) return undefined;
        return this.templateStack(file, res.name, path, res.type, passed, [...ancestors, file], stackName, depth, definedAt);
      }
    }
    this.count++;
    const node: StackNode = { name: res.name, path, type: res.type, depth, definedAt, kind: nesting.kind, description: NO_DESCRIPTION, parameters: [], children: [] };
    if (nesting.kind === 'chain' && nesting.listed) node.members = nesting.listed.map(String);
    node.uses = nesting.members;
    const indexVar = nesting.kind === 'group' && nesting.members.length > 0
      ? this.attempt(() => resolveValue(res.properties.index_var ?? DEFAULT_INDEX_VAR, scope), parent, [...res.path, 'properties', 'index_var'], parentPath)
      : undefined;
    for (const use of nesting.members) {
      const props = typeof indexVar === 'string' && indexVar !== '' ? (replaceIndex(use.properties, indexVar, use.member!) as Record<string, unknown>) : use.properties;
      const member = this.memberStack(use, nesting.kind, path, props, parent, res, ancestors, stackName, depth + 1);
      if (member) node.children.push(member);
    }
    return node;
  }

  /** A group or chain member: its properties were resolved in the parent, and pass as they are. */
  private memberStack(
    use: NestedUse,
    kind: 'group' | 'chain',
    groupPath: string[],
    props: Record<string, unknown>,
    parent: HotTemplate,
    res: HotResource,
    ancestors: string[],
    groupStackName: string,
    depth: number,
  ): StackNode | undefined {
    const name = use.member!;
    const path = [...groupPath, name];
    const r = use.resolution;
    if (r.kind === 'plugin' && !HEAT_RESOURCE_TYPES.has(r.type)) {
      const chainIndex = kind === 'chain' ? Number(name) : undefined;
      this.unmapped.push({ type: use.type, resolved: r.type, file: parent.file, path: use.typePath, stack: path, ...(chainIndex === undefined ? {} : { chainIndex }) });
    }
    if (r.kind === 'cycle') this.problems.push({ code: 'registry-cycle', message: `registry aliases for ${use.type} loop`, file: parent.file, path: use.typePath, stack: groupPath });
    if (r.kind !== 'template') return undefined;
    const file = this.nestedFile(use, parent, res, path, ancestors);
    if (file === undefined) return undefined;
    const child = this.tree.template(file);
    const passed = this.attempt(() => nestedStackParameters(props, child, (v) => v), parent, [...res.path, 'properties'], groupPath);
    if (passed === undefined) return undefined;
    return this.templateStack(file, name, path, use.type, passed, [...ancestors, file], `${groupStackName}-${name}`, depth, { file: parent.file, path: res.path });
  }

  /** The template a nested stack is made from, or undefined (with a problem) where there is none to walk. */
  private nestedFile(use: NestedUse, parent: HotTemplate, res: HotResource, path: string[], ancestors: string[]): string | undefined {
    if (use.resolution.kind !== 'template') return undefined;
    const file = use.resolution.file;
    const where = { file: parent.file, path: [...res.path, 'type'], stack: path.slice(0, -1) };
    if (ancestors.includes(file)) {
      this.problems.push({ code: 'registry-cycle', message: `${use.type} nests ${file} inside itself`, ...where });
      return undefined;
    }
    const why = this.tree.whyUnreadable(file);
    if (why !== undefined) {
      this.problems.push({ code: 'missing-template', message: `${use.type} maps to ${file}, which ${why}`, ...where });
      return undefined;
    }
    return file;
  }
}

/**
 * A ResourceGroup's resource_def as the group reads it (resource_group.py
 * `get_resource_def`): resolved in the parent, a function that needs a
 * parameter without a value giving None instead of failing, and then the
 * properties that are None left out.
 */
function resolveGroupDefinition(raw: unknown, scope: StackScope): { type: string; properties: Record<string, unknown> } | undefined {
  const def = resolveIgnoringMissing(raw, scope);
  if (!isMapping(def) || typeof def.type !== 'string') return undefined;
  const properties = isMapping(def.properties) ? def.properties : {};
  return { type: def.type, properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)) };
}

/** resource_group.py `ignore_param_resolve`: each function call in the value resolved, UserParameterMissing as None. */
function resolveIgnoringMissing(value: unknown, scope: StackScope): unknown {
  if (isFunctionCall(value, scope)) {
    try {
      return resolveValue(value, scope);
    } catch (e) {
      if (e instanceof ParameterMissing) return null;
      throw e;
    }
  }
  if (Array.isArray(value)) return value.map((v) => resolveIgnoringMissing(v, scope)).filter((v) => v !== OMITTED);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolveIgnoringMissing(v, scope);
      if (r !== OMITTED) out[k] = r;
    }
    return out;
  }
  return value;
}

/**
 * Heat's ResourceGroup `_handle_repl_val`: every occurrence of the index
 * variable in a string value (keys untouched) becomes the member name, so the
 * validated member "0" sees `NodeIndex: '0'`, not `'%index%'`.
 */
function replaceIndex(value: unknown, indexVar: string, member: string): unknown {
  if (typeof value === 'string') return value.split(indexVar).join(member);
  if (Array.isArray(value)) return value.map((v) => replaceIndex(v, indexVar, member));
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIndex(v, indexVar, member)]));
  return value;
}
