/**
 * The nested-stack walk: what Heat's template-validate with show_nested sees.
 *
 * From the root template, every resource whose type the registry maps to a
 * template becomes a child stack; a ResourceGroup has one child "0" (Heat
 * validates a group of size 1); a ResourceChain has children "0".."n-1" typed
 * by its `resources` list. Resources whose condition is false are left out.
 * Each stack's parameter values follow Heat's precedence: the value the parent
 * passes as a property (or, at the root, the env `parameters`), then
 * `parameter_defaults`, then the template default.
 */
import type { PathSegment } from '../yaml/file.js';
import type { Environment } from './environment.js';
import { evaluateCondition, evaluateKnown, parseParamValue, pythonStr, stringToNumber, UNKNOWN, type EvalContext, type Unknown } from './functions.js';
import { jsonDumps } from '../yaml/json.js';
import { isNumber } from '../yaml/python.js';
import { type HotParamType, type HotParameter, type HotResource, type HotTemplate } from './template.js';
import { isMapping } from '../load/values.js';
import { MAX_NESTING_DEPTH, nestingOf, type NestedUse } from './nesting.js';
import { PROPERTY_BOOLEAN_STRINGS } from './booleans.js';
import type { VirtualTree } from './tree.js';

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
  kind: StackKind;
  /** For a template stack: virtual-tree key and model. */
  file?: string;
  template?: HotTemplate;
  description: string;
  parameters: ResolvedParameter[];
  children: StackNode[];
  /**
   * For a chain: the member types in order, as its `resources` evaluated (members mapped to
   * OS::Heat::None have no child, so the children alone cannot say which member is which).
   */
  members?: string[];
}

export interface WalkProblem {
  message: string;
  /** Template (virtual-tree key) and YAML path of the resource concerned. */
  file: string;
  path: PathSegment[];
  /** Resource path of the stack in which it happened. */
  stack: string[];
}

export interface WalkResult {
  root: StackNode;
  problems: WalkProblem[];
  /** Number of stacks visited. */
  stacks: number;
}

export interface WalkOptions {
  tree: VirtualTree;
  env: Environment;
  /** Root template key; default `overcloud.yaml`. */
  root?: string;
  /** Walk only the root resources this accepts (a preview of one role needs only its own). */
  only?: (rootResource: string) => boolean;
}

/** ResourceGroup's `index_var` default; Heat replaces it with the member name in the member's properties. */
const DEFAULT_INDEX_VAR = '%index%';
/** Walk the whole nested-stack tree from the root template. */
export function walkStacks(opts: WalkOptions): WalkResult {
  const walker = new Walker(opts.tree, opts.env, opts.only);
  const rootKey = opts.root ?? 'overcloud.yaml';
  const root = walker.templateStack(rootKey, '', [], undefined, opts.env.parameters, [rootKey], false);
  return { root, problems: walker.problems, stacks: walker.count };
}

class Walker {
  readonly problems: WalkProblem[] = [];
  count = 0;

  constructor(
    private readonly tree: VirtualTree,
    private readonly env: Environment,
    private readonly only: ((rootResource: string) => boolean) | undefined,
  ) {}

  /** A stack built from a template; `passed` are the raw values given for its parameters. */
  templateStack(
    file: string,
    name: string,
    path: string[],
    type: string | undefined,
    passed: Record<string, unknown>,
    ancestors: string[],
    asProperties: boolean,
  ): StackNode {
    this.count++;
    const template = this.tree.template(file);
    const parameters = this.resolveParameters(template, passed, asProperties);
    const ctx = this.context(template, parameters);
    const node: StackNode = {
      name,
      path,
      ...(type === undefined ? {} : { type }),
      kind: 'template',
      file,
      template,
      description: template.description,
      parameters,
      children: [],
    };
    for (const res of template.resources.values()) {
      if (path.length === 0 && this.only && !this.only(res.name)) continue;
      if (res.condition !== undefined && evaluateCondition(res.condition, ctx) === false) continue;
      const child = this.resourceStack(template, res, path, ctx, ancestors);
      if (child) node.children.push(child);
    }
    return node;
  }

  /** `asProperties`: the values are a parent resource's properties, which Heat converts before passing. */
  private resolveParameters(template: HotTemplate, passed: Record<string, unknown>, asProperties: boolean): ResolvedParameter[] {
    const defaults = this.env.parameterDefaults;
    return [...template.parameters.values()].map((def) => {
      const rp: ResolvedParameter = { def, value: undefined };
      const user = asProperties ? asChildParam(def.type, passed[def.name]) : passed[def.name];
      if (user !== undefined && user !== null && user !== UNKNOWN) rp.userValue = user;
      if (Object.hasOwn(defaults, def.name)) rp.userDefault = defaults[def.name];
      const raw = rp.userValue ?? rp.userDefault ?? def.default;
      rp.value = raw === undefined ? undefined : parseParamValue(def.type, raw);
      return rp;
    });
  }

  private context(template: HotTemplate, parameters: ResolvedParameter[]): EvalContext {
    const values = new Map(parameters.map((p) => [p.def.name, p.value]));
    const conditions = new Map<string, boolean | Unknown>();
    const ctx: EvalContext = {
      param: (n) => (values.has(n) ? (values.get(n) ?? UNKNOWN) : UNKNOWN),
      condition: (n) => {
        let v = conditions.get(n);
        if (v === undefined) {
          // Guard against a condition that refers to itself.
          conditions.set(n, UNKNOWN);
          v = template.conditions.has(n) ? evaluateCondition(template.conditions.get(n), ctx) : UNKNOWN;
          conditions.set(n, v);
        }
        return v;
      },
    };
    return ctx;
  }

  /** The child stack a resource makes, if any. */
  private resourceStack(
    parent: HotTemplate,
    res: HotResource,
    parentPath: string[],
    ctx: EvalContext,
    ancestors: string[],
  ): StackNode | undefined {
    const path = [...parentPath, res.name];
    const nesting = nestingOf(res, {
      resolve: (type, member) => this.env.registry.resolve(type, { from: parent.file, resourcePath: member === undefined ? path : [...path, member], tree: this.tree }),
      evaluate: (expr) => evaluateKnown(expr, ctx),
    });
    const problem = (message: string, at: PathSegment[]) => this.problems.push({ message, file: parent.file, path: at, stack: parentPath });
    switch (nesting.kind) {
      case 'leaf':
        return undefined;
      case 'cycle':
        problem(`registry aliases for ${res.type} loop`, [...res.path, 'type']);
        return undefined;
      case 'template':
        return this.templateChild(nesting.use, res.name, path, propertiesOf(res.properties, ctx), ancestors, parent, res, parentPath);
    }
    this.count++;
    const node: StackNode = { name: res.name, path, type: res.type, kind: nesting.kind, description: '', parameters: [], children: [] };
    if (nesting.kind === 'chain' && !nesting.unknownMembers) node.members = nesting.members.map((use) => use.type);
    if (nesting.unknownMembers) problem(`cannot tell the resources of chain ${res.name} offline`, [...res.path, 'properties', 'resources']);
    // Members' properties are evaluated in the parent's context, once for all of them.
    let props: Record<string, unknown> | undefined;
    for (const use of nesting.members) {
      if (props === undefined) {
        props = propertiesOf(use.properties, ctx);
        if (nesting.kind === 'group') {
          const indexVar = evaluateKnown(res.properties.index_var ?? DEFAULT_INDEX_VAR, ctx);
          if (typeof indexVar === 'string' && indexVar !== '') props = replaceIndex(props, indexVar, use.member!) as Record<string, unknown>;
        }
      }
      if (use.resolution.kind === 'cycle') {
        problem(`registry aliases for ${use.type} loop`, use.typePath);
        continue;
      }
      if (use.resolution.kind !== 'template') continue;
      const member = this.templateChild(use, use.member!, [...path, use.member!], props, ancestors, parent, res, parentPath);
      if (member) node.children.push(member);
    }
    return node;
  }

  private templateChild(
    use: NestedUse,
    name: string,
    path: string[],
    props: Record<string, unknown>,
    ancestors: string[],
    parent: HotTemplate,
    res: HotResource,
    parentPath: string[],
  ): StackNode | undefined {
    if (use.resolution.kind !== 'template') return undefined;
    const file = use.resolution.file;
    const where = { file: parent.file, path: [...res.path, 'type'], stack: parentPath };
    if (ancestors.includes(file)) {
      this.problems.push({ message: `${use.type} nests ${file} inside itself`, ...where });
      return undefined;
    }
    if (ancestors.length > MAX_NESTING_DEPTH) {
      this.problems.push({ message: `${use.type} nests stacks more than ${MAX_NESTING_DEPTH} deep`, ...where });
      return undefined;
    }
    const why = this.tree.whyUnreadable(file);
    if (why !== undefined) {
      this.problems.push({ message: `${use.type} maps to ${file}, which ${why}`, ...where });
      return undefined;
    }
    return this.templateStack(file, name, path, use.type, props, [...ancestors, file], true);
  }
}

/** A resource's properties evaluated in the parent's context; unknown ones are dropped (not passed). */
function propertiesOf(properties: Record<string, unknown>, ctx: EvalContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(properties)) {
    const value = evaluateKnown(v, ctx);
    if (value !== UNKNOWN) out[k] = value;
  }
  return out;
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

/**
 * A property value as Heat passes it to the nested stack's parameter of that
 * type (the property schema follows the parameter: heat/engine/properties.py
 * `_get_*`, then TemplateResource.child_params): a list for a
 * comma_delimited_list becomes one comma-joined string ('' when empty, which
 * then shows no `Value`), a list for a json parameter its JSON text, a numeric
 * string a number, 'true'/'false' a boolean, a number or boolean for a string
 * its str(). Anything else passes unchanged.
 */
function asChildParam(type: HotParamType, v: unknown): unknown {
  if (v === undefined || v === null || v === UNKNOWN) return v;
  switch (type) {
    case 'comma_delimited_list':
      if (!Array.isArray(v)) return v;
      if (v.length > 0 && isMapping(v[0])) {
        return v.flatMap((item, i) => (isMapping(item) ? Object.entries(item).map(([k, x]) => `.member.${i}.${k}=${pythonStr(x)}`) : [])).join(',');
      }
      return v.map(pythonStr).join(',');
    case 'json':
      return Array.isArray(v) ? jsonDumps(v) : v;
    case 'number':
      return typeof v === 'string' ? stringToNumber(v) : v;
    case 'boolean':
      if (typeof v === 'string' && PROPERTY_BOOLEAN_STRINGS.includes(v.toLowerCase())) return v.toLowerCase() === 'true';
      return v;
    case 'string':
      return isNumber(v) || typeof v === 'boolean' ? pythonStr(v) : v;
  }
}
