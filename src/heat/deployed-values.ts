/**
 * Values as the deployed stacks would hold them, computed offline: what a
 * preview shows of role_data. Everything is evaluated by Heat's own rules
 * (evaluate.ts) in the stack's scope from the walk, except what exists only
 * once resources do:
 *
 * - a `get_attr` of a nested stack (a service's base template) is that
 *   stack's output, evaluated in the nested stack; of an `OS::Heat::Value`,
 *   its `value` property; of a ResourceChain, its members' outputs in order
 *   (None for a member mapped to OS::Heat::None); of OS::Heat::None or a
 *   resource whose condition is false, None;
 * - a `get_attr` of anything else (a server, a port, a group whose size is
 *   the deployment's), a `get_resource` (a physical id) and a `get_param` of a parameter whose value cannot be
 *   known offline (deployment.ts: passed from such a get_attr) cannot be
 *   known: the smallest expression that needs one is kept as written, an
 *   `AsWritten`, and everything around it is still evaluated where Heat's
 *   data-shaping functions allow (`if`, `map_merge`, `list_concat`, the
 *   `get_attr`s above, plain lists and mappings).
 */
import { isMapping } from '../load/values.js';
import type { PathSegment } from '../yaml/file.js';
import type { Environment, Resolution } from './environment.js';
import { evaluateCondition, HeatFunctionError, isFunctionCall, OMITTED, resolveValue, type StackScope } from './evaluate.js';
import { nestedStackParameters, parameterValue } from './parameter-value.js';
import type { StackNode } from './stack.js';
import type { VirtualTree } from './tree.js';

/** A part that cannot be known before resources exist, as written in its template. */
export class AsWritten {
  constructor(readonly written: unknown) {}
}

/** Thrown inside an evaluation that needs a value only the deployed stack has. */
class NotKnownOffline extends Error {}
/** The one instance thrown: a preview throws it thousands of times, and a new Error would record its stack each time. */
const NOT_KNOWN = new NotKnownOffline('not known offline');

/** Members of a `map_merge` that cannot be known: their keys are missing from the merged mapping. */
export type LostParts = AsWritten[];

interface Outcome {
  value?: unknown;
  error?: unknown;
}

export interface DeployedValuesInput {
  tree: VirtualTree;
  env: Environment;
  /** The walk's root stack. */
  root: StackNode;
}

/** The resource properties a stack's parent passes to it, and where they are written. */
export interface Passing {
  /** The stack whose template holds the resource (its scope evaluates the properties). */
  parent: StackNode;
  file: string;
  path: PathSegment[];
  props: Record<string, unknown>;
}

/**
 * A parameter whose deployed value is not the walk's: passed a value that
 * exists only once resources do, known (a Value's value, a nested stack's
 * output) or not.
 */
export type DeployedParameter = { known: true; value: unknown } | { known: false };

/** Functions whose value exists only once resources do: the walk, validating, takes a get_attr as None and a get_resource as a name. */
const RUNTIME_FUNCTIONS = new Set(['get_attr', 'get_resource', 'resource_facade']);

/** An OS::Heat::Value, whose `value` attribute is its `value` property. */
const isValueResource = (r: Resolution): boolean => r.kind === 'plugin' && r.type === 'OS::Heat::Value';

export class DeployedValues {
  private readonly scopes = new Map<StackNode, StackScope>();
  private readonly strict = new Map<StackNode, Map<string, Outcome>>();
  private readonly outputs = new Map<StackNode, Map<string, { value: unknown; lost: LostParts }>>();
  private readonly parameters = new Map<StackNode, Map<string, DeployedParameter | undefined>>();
  private parents?: Map<StackNode, StackNode>;
  /** Values being evaluated (stack and resource): one that needs itself (Heat: a circular dependency) is not known. */
  private readonly inProgress = new Set<string>();

  constructor(private readonly input: DeployedValuesInput) {}

  /** What the parent of a stack passes it (group and chain members: the group's member properties); undefined for the root. */
  passing(node: StackNode): Passing | undefined {
    const up = this.parentOf(node);
    if (!up) return undefined;
    if (up.kind === 'template') {
      const res = up.template!.resources.get(node.name);
      return res && { parent: up, file: up.file!, path: [...res.path, 'properties'], props: res.properties };
    }
    const holder = this.parentOf(up);
    const res = holder?.template?.resources.get(up.name);
    if (!holder || !res) return undefined;
    const base = [...res.path, 'properties'];
    if (up.kind === 'group') {
      const def = res.properties.resource_def;
      const props = isMapping(def) && isMapping(def.properties) ? def.properties : {};
      return { parent: holder, file: holder.file!, path: [...base, 'resource_def', 'properties'], props };
    }
    const props = res.properties.resource_properties;
    return { parent: holder, file: holder.file!, path: [...base, 'resource_properties'], props: isMapping(props) ? props : {} };
  }

  /**
   * A parameter as the deployed stack receives it, where that is not the
   * walk's value: passed a property with a get_attr (or a get_param of such a
   * parameter of the parent), evaluated as deployed in the parent. Undefined:
   * the walk's value stands. (A group member's property is not given its
   * index here, as the walk's is.)
   */
  parameter(node: StackNode, name: string): DeployedParameter | undefined {
    let byName = this.parameters.get(node);
    if (!byName) this.parameters.set(node, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    const passing = this.passing(node);
    const raw = passing?.props[name];
    const def = node.template?.parameters.get(name);
    let result: DeployedParameter | undefined;
    if (passing && def && raw !== undefined && raw !== null && this.needsDeployment(raw, passing.parent)) {
      // Evaluated whole: a parameter is known or not (and the evaluation stops at the first part that is not).
      let value: unknown;
      try {
        value = resolveValue(raw, this.scope(passing.parent));
      } catch (e) {
        if (!(e instanceof NotKnownOffline || e instanceof HeatFunctionError)) throw e;
        value = OMITTED;
      }
      const passed = value === OMITTED ? undefined : nestedStackParameters({ [name]: value }, node.template!, (x) => x)[name];
      result = passed === undefined || passed === null ? { known: false } : { known: true, value: parameterValue(def.type, passed) };
    }
    byName.set(name, result);
    return result;
  }

  /** Whether a property uses a runtime function, or a parameter of the parent whose deployed value is not the walk's. */
  private needsDeployment(raw: unknown, parent: StackNode): boolean {
    if (Array.isArray(raw)) return raw.some((v) => this.needsDeployment(v, parent));
    if (!isMapping(raw)) return false;
    const keys = Object.keys(raw);
    if (keys.length === 1 && RUNTIME_FUNCTIONS.has(keys[0]!)) return true;
    if (keys.length === 1 && keys[0] === 'get_param') {
      const arg = raw.get_param;
      const name = Array.isArray(arg) ? arg[0] : arg;
      if (typeof name === 'string' && this.parameter(parent, name) !== undefined) return true;
    }
    return Object.values(raw).some((v) => this.needsDeployment(v, parent));
  }

  private parentOf(node: StackNode): StackNode | undefined {
    if (!this.parents) {
      const parents = new Map<StackNode, StackNode>();
      const visit = (n: StackNode) => {
        for (const c of n.children) {
          parents.set(c, n);
          visit(c);
        }
      };
      visit(this.input.root);
      this.parents = parents;
    }
    return this.parents.get(node);
  }

  /** A stack's output as deployed: known parts evaluated, the rest AsWritten; unknown map_merge members go to `lost`. */
  output(node: StackNode, name: string, lost: LostParts): unknown {
    let byName = this.outputs.get(node);
    if (!byName) this.outputs.set(node, (byName = new Map()));
    let done = byName.get(name);
    if (!done) {
      const out = node.template?.outputs.get(name);
      const own: LostParts = [];
      done = { value: out === undefined ? undefined : this.value(out.value, node, own), lost: own };
      byName.set(name, done);
    }
    lost.push(...done.lost);
    return done.value;
  }

  /** Whether `value(v, node)` may be undefined: only an `if` (whose false branch is none) leaves a value out. */
  mayBeLeftOut(v: unknown, node: StackNode): boolean {
    return isMapping(v) && Object.hasOwn(v, 'if') && isFunctionCall(v, this.scope(node));
  }

  /** A value written in `node`'s template, as deployed. */
  value(v: unknown, node: StackNode, lost: LostParts): unknown {
    const r = this.partial(v, node, lost);
    return r === OMITTED ? undefined : r;
  }

  private partial(v: unknown, node: StackNode, lost: LostParts): unknown {
    if (Array.isArray(v)) return v.map((x) => this.partial(x, node, lost)).filter((x) => x !== OMITTED);
    if (!isMapping(v)) return v;
    const scope = this.scope(node);
    if (!isFunctionCall(v, scope)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const r = this.partial(x, node, lost);
        if (r !== OMITTED) out[k] = r;
      }
      return out;
    }
    const [fn] = Object.keys(v) as [string];
    const args = v[fn];
    // The two-argument if (no false branch: the item is left out) is Heat's from 2021-04-16; a bad form is the strict evaluation's to report.
    const ifForm = Array.isArray(args) && (args.length === 3 || (args.length === 2 && (scope.versionDate === '' || scope.versionDate >= '2021-04-16')));
    if (fn === 'if' && ifForm) {
      let holds: boolean;
      try {
        holds = evaluateCondition(args[0], scope);
      } catch (e) {
        return this.written(e, v);
      }
      if (holds) return this.partial(args[1], node, lost);
      return args.length === 3 ? this.partial(args[2], node, lost) : OMITTED;
    }
    if (fn === 'get_attr') return this.partialAttribute(v, args, node, lost);
    if ((fn === 'map_merge' || fn === 'list_concat' || fn === 'list_concat_unique') && Array.isArray(args)) {
      const members = args.map((m) => this.partial(m, node, lost));
      const known = members.flatMap((m): unknown[] => {
        if (!(m instanceof AsWritten)) return [m];
        if (fn === 'map_merge') {
          lost.push(m);
          return [];
        }
        // An unknown list: one unknown item where its items would be.
        return [[m]];
      });
      // The members are data now: Heat's function combines them (AsWritten parts are opaque to it).
      return this.combine(fn, known, v, node);
    }
    return this.evaluate(v, node);
  }

  /** `get_attr` of a nested stack or a Value: followed without evaluating it whole, so its known parts stay known. */
  private partialAttribute(v: Record<string, unknown>, args: unknown, node: StackNode, lost: LostParts): unknown {
    if (!Array.isArray(args) || args.length < 2 || typeof args[0] !== 'string' || typeof args[1] !== 'string') return this.evaluate(v, node);
    const [resource, attribute] = args as [string, string];
    let path: unknown[];
    try {
      path = resolveValue(args.slice(2), this.scope(node)) as unknown[];
    } catch (e) {
      return this.written(e, v);
    }
    const child = node.children.find((c) => c.name === resource);
    if (child?.kind === 'template') {
      const out = child.template?.outputs.get(attribute);
      if (out === undefined) return null;
      const { expr, rest } = narrow(out.value, path, this.scope(child));
      if (expr === out.value) return select(this.output(child, attribute, lost), path);
      return expr === undefined ? null : select(this.value(expr, child, lost), rest);
    }
    const res = node.template?.resources.get(resource);
    if (!child && res && attribute === 'value' && isValueResource(this.resolution(node, resource))) {
      if (this.excluded(node, resource)) return null;
      const { expr, rest } = narrow(res.properties.value, path, this.scope(node));
      if (expr === undefined) return null;
      return this.once(node, resource, () => select(this.value(expr, node, lost), rest), () => new AsWritten(v));
    }
    return this.evaluate(v, node);
  }

  private combine(fn: string, members: unknown[], v: unknown, node: StackNode): unknown {
    try {
      return resolveValue({ [fn]: members }, this.scope(node));
    } catch (e) {
      return this.written(e, v);
    }
  }

  /** Heat's evaluation of the whole expression, or the expression as written where it needs what is not known. */
  private evaluate(v: unknown, node: StackNode): unknown {
    try {
      return resolveValue(v, this.scope(node));
    } catch (e) {
      return this.written(e, v);
    }
  }

  private written(e: unknown, v: unknown): AsWritten {
    if (e instanceof NotKnownOffline || e instanceof HeatFunctionError) return new AsWritten(v);
    throw e;
  }

  /** The walk's scope of a stack, with the parameters that cannot be known refused and get_attr answered as deployed. */
  private scope(node: StackNode): StackScope {
    let scope = this.scopes.get(node);
    if (scope) return scope;
    const base = node.scope;
    if (!base) throw new Error(`no scope for stack ${node.path.join('/')}`);
    scope = {
      ...base,
      param: (n) => {
        const p = this.parameter(node, n);
        if (p === undefined) return base.param(n);
        if (!p.known) throw NOT_KNOWN;
        return p.value;
      },
      attribute: (resource, path) => this.attribute(node, resource, path),
      // A resource's physical id exists once it does.
      reference: () => {
        throw NOT_KNOWN;
      },
    };
    this.scopes.set(node, scope);
    return scope;
  }

  /** get_attr inside an expression evaluated whole: the attribute's value, or NotKnownOffline. */
  private attribute(node: StackNode, resource: string, path: unknown[]): unknown {
    const [attribute, ...rest] = path;
    if (typeof attribute !== 'string') throw NOT_KNOWN;
    const child = node.children.find((c) => c.name === resource);
    if (child?.kind === 'template') return this.strictOutput(child, attribute, rest);
    if (child?.kind === 'chain') {
      // ResourceChain.get_attribute: each member's attribute, the path applied to each.
      return (child.members ?? []).map((_, i) => {
        const member = child.children.find((c) => c.name === String(i));
        return member ? this.strictOutput(member, attribute, rest) : null;
      });
    }
    const res = node.template?.resources.get(resource);
    if (!child && res) {
      if (this.excluded(node, resource)) return null;
      const resolved = this.resolution(node, resource);
      if (resolved.kind === 'none') return null;
      if (attribute === 'value' && isValueResource(resolved)) {
        return this.once(node, resource, () => this.strictSelect(res.properties.value, node, rest, `value ${resource}`), () => {
          throw NOT_KNOWN;
        });
      }
    }
    throw NOT_KNOWN;
  }

  /** An output of a stack evaluated, then the path followed into it (strictSelect). */
  private strictOutput(node: StackNode, name: string, path: readonly unknown[]): unknown {
    const out = node.template?.outputs.get(name);
    return out === undefined ? null : this.strictSelect(out.value, node, path, `output ${name}`);
  }

  /**
   * An expression written in a stack's template evaluated (throws
   * NotKnownOffline when a part it needs is not known), then the path
   * followed into it. The path is followed into what is written first, where
   * that is plain mappings or a get_attr (its path is then that get_attr's
   * path and this one), so that only the part selected is evaluated: the
   * same value, since a plain mapping's entries are evaluated one by one.
   * Once per stack, expression (`id`) and path.
   */
  private strictSelect(written: unknown, node: StackNode, path: readonly unknown[], id: string): unknown {
    const scope = this.scope(node);
    const { expr, rest } = narrow(written, path, scope);
    if (expr === undefined) return null;
    const i = path.length - rest.length;
    const attr = isMapping(expr) && isFunctionCall(expr, scope) ? expr.get_attr : undefined;
    if (Array.isArray(attr) && attr.length >= 2 && typeof attr[0] === 'string' && scope.hasResource(attr[0]) && attr.every((a) => typeof a === 'string' || Number.isInteger(a))) {
      return this.attribute(node, attr[0], [...attr.slice(1), ...rest]);
    }
    const key = `${id} ${JSON.stringify(path.slice(0, i))}`;
    let byKey = this.strict.get(node);
    if (!byKey) this.strict.set(node, (byKey = new Map()));
    let outcome = byKey.get(key);
    if (!outcome) {
      try {
        const v = resolveValue(expr, scope);
        outcome = { value: v === OMITTED ? null : v };
      } catch (e) {
        if (!(e instanceof NotKnownOffline || e instanceof HeatFunctionError)) throw e;
        outcome = { error: NOT_KNOWN };
      }
      byKey.set(key, outcome);
    }
    if (outcome.error) throw outcome.error;
    return select(outcome.value, rest);
  }

  /** A resource of the stack whose condition is false: Heat leaves it out, and a get_attr of it is None. */
  private excluded(node: StackNode, resource: string): boolean {
    const res = node.template!.resources.get(resource)!;
    return res.condition !== undefined && !evaluateCondition(res.condition, node.scope!);
  }

  /** `f` for a Value of a stack, or `again` when that Value is already being evaluated (it needs itself). */
  private once<T>(node: StackNode, resource: string, f: () => T, again: () => T): T {
    const key = `${node.path.join('/')}\u0000${resource}`;
    if (this.inProgress.has(key)) return again();
    this.inProgress.add(key);
    try {
      return f();
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** What the registry makes of a resource of the stack's template. */
  private resolution(node: StackNode, resource: string): Resolution {
    const res = node.template!.resources.get(resource)!;
    return this.input.env.registry.resolve(res.type, { from: node.file!, resourcePath: [...node.path, resource], tree: this.input.tree });
  }
}

/**
 * A path followed into an expression as far as it is written as plain
 * mappings (selecting there is the same as selecting from its value, since a
 * plain mapping's entries are evaluated one by one): the expression reached
 * (undefined: the path leads nowhere, None) and the rest of the path.
 */
function narrow(written: unknown, path: readonly unknown[], scope: StackScope): { expr: unknown; rest: readonly unknown[] } {
  let expr = written;
  let i = 0;
  for (; i < path.length; i++) {
    const key = path[i];
    if (!isMapping(expr) || isFunctionCall(expr, scope) || typeof key !== 'string') break;
    if (!Object.hasOwn(expr, key)) return { expr: undefined, rest: [] };
    expr = expr[key];
  }
  return { expr, rest: path.slice(i) };
}

/**
 * Heat's select_from_attribute: the path followed into the attribute's value,
 * None where it leads nowhere (KeyError, IndexError, TypeError). An unknown
 * part stays unknown.
 */
function select(value: unknown, path: readonly unknown[]): unknown {
  let v = value;
  for (const key of path) {
    if (v instanceof AsWritten) return v;
    if (Array.isArray(key) || isMapping(key) || (typeof key !== 'string' && !Number.isInteger(key))) return null;
    if (Array.isArray(v) || typeof v === 'string') {
      if (typeof key !== 'number') return null;
      const i = key < 0 ? v.length + key : key;
      if (i < 0 || i >= v.length) return null;
      v = v[i];
    } else if (isMapping(v)) {
      if (typeof key !== 'string' || !Object.hasOwn(v, key)) return null;
      v = v[key];
    } else {
      return null;
    }
  }
  return v === undefined ? null : v;
}

/** The value with every unknown part replaced by its expression as written. */
export function asWritten(v: unknown): unknown {
  if (v instanceof AsWritten) return v.written;
  if (Array.isArray(v)) return v.map(asWritten);
  if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asWritten(x)]));
  return v;
}
