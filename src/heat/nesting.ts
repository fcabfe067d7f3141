/**
 * Which nested stacks one resource makes: the single answer that the stack
 * walk (`tht schema`, `tht validate`) and lint's nested-template rules share.
 *
 * The resource type is resolved through the registry first, so an alias that
 * leads to OS::Heat::ResourceGroup or OS::Heat::ResourceChain is a group or a
 * chain exactly as the plugin name written directly is. A group has one
 * member typed by `resource_def.type`; a chain one member per entry of its
 * `resources` list, each with the chain's `resource_properties`. Member types
 * are resolved again (a member may itself be an alias).
 *
 * The properties that decide the members (a group's `resource_def`, a
 * chain's `resources` and `resource_properties`) are read by the caller: the
 * walk evaluates them in the parent's stack as Heat does, lint takes what the
 * templates and environments fix statically.
 */
import type { PathSegment } from '../yaml/file.js';
import { isThtError } from '../load/errors.js';
import { deepEqual, isMapping } from '../load/values.js';
import type { Resolution, ResourceRegistry } from './environment.js';
import { parameterValue } from './parameter-value.js';
import type { HotResource, HotTemplate } from './template.js';
import type { VirtualTree } from './tree.js';

export const RESOURCE_GROUP = 'OS::Heat::ResourceGroup';
export const RESOURCE_CHAIN = 'OS::Heat::ResourceChain';

/** One nested stack a resource makes (the resource itself, or a group or chain member). */
export interface NestedUse {
  /** Member name inside a group or chain ('0', '1'...); undefined for a template resource. */
  member?: string;
  /** The type as written that leads to the nested stack (the resource's, resource_def's, a chain entry). */
  type: string;
  /** YAML path of that type in the template. */
  typePath: PathSegment[];
  /** YAML path of the properties passed, and the properties as the caller read them (they may be absent). */
  propertiesPath: PathSegment[];
  properties: Record<string, unknown>;
  resolution: Resolution;
}

export type Nesting =
  /** The resource is a nested stack itself (resolution.kind is 'template'). */
  | { kind: 'template'; use: NestedUse }
  | { kind: 'group'; members: NestedUse[] }
  /** `listed`: the chain's `resources` list as read (undefined when it is not a list); members are its strings. */
  | { kind: 'chain'; members: NestedUse[]; listed?: unknown[] }
  /** Registry aliases that loop (an error Heat reports as well). */
  | { kind: 'cycle'; resolution: Resolution }
  /** No nested stack: a plugin, OS::Heat::None or a resource without a type. */
  | { kind: 'leaf'; resolution?: Resolution };

/** A property of a group or chain that decides its members. */
export type MemberProperty = 'resource_def' | 'resources' | 'resource_properties';

export interface NestingContext {
  /** Resolve a type for this resource (`member`: the group or chain member it is for). */
  resolve(type: string, member?: string): Resolution;
  /**
   * The value of the property `name`, written `raw` at `at`, as the caller
   * reads it; anything but a mapping (for resource_def and
   * resource_properties) or a list or string (for resources) when it cannot
   * be known.
   */
  read(name: MemberProperty, raw: unknown, at: PathSegment[]): unknown;
}

/** The nested stacks of one resource. */
export function nestingOf(res: HotResource, ctx: NestingContext): Nesting {
  if (res.type === '') return { kind: 'leaf' };
  const resolution = ctx.resolve(res.type);
  const typePath = [...res.path, 'type'];
  const propertiesPath = [...res.path, 'properties'];
  if (resolution.kind === 'template') {
    return { kind: 'template', use: { type: res.type, typePath, propertiesPath, properties: res.properties, resolution } };
  }
  if (resolution.kind === 'cycle') return { kind: 'cycle', resolution };
  if (resolution.kind !== 'plugin') return { kind: 'leaf', resolution };
  if (resolution.type === RESOURCE_GROUP) {
    const defPath = [...propertiesPath, 'resource_def'];
    const def = ctx.read('resource_def', res.properties.resource_def, defPath);
    if (!isMapping(def) || typeof def.type !== 'string') return { kind: 'group', members: [] };
    const type = def.type;
    const properties = isMapping(def.properties) ? def.properties : {};
    const member: NestedUse = {
      member: '0',
      type,
      typePath: [...defPath, 'type'],
      propertiesPath: [...defPath, 'properties'],
      properties,
      resolution: ctx.resolve(type, '0'),
    };
    return { kind: 'group', members: [member] };
  }
  if (resolution.type === RESOURCE_CHAIN) {
    const value = ctx.read('resources', res.properties.resources, [...propertiesPath, 'resources']);
    const list = typeof value === 'string' ? parameterValue('comma_delimited_list', value) : value;
    const raw = ctx.read('resource_properties', res.properties.resource_properties ?? {}, [...propertiesPath, 'resource_properties']);
    if (!Array.isArray(list)) return { kind: 'chain', members: [] };
    const properties = isMapping(raw) ? raw : {};
    const members: NestedUse[] = [];
    list.forEach((type, i) => {
      if (typeof type !== 'string') return;
      members.push({
        member: String(i),
        type,
        typePath: [...propertiesPath, 'resources'],
        propertiesPath: [...propertiesPath, 'resource_properties'],
        properties,
        resolution: ctx.resolve(type, String(i)),
      });
    });
    return { kind: 'chain', members, listed: list };
  }
  return { kind: 'leaf', resolution };
}

/** A nested-template use found by reading each template once (lint's view: every template, no stack). */
export interface TemplateUse extends NestedUse {
  /** The template with the resource (tree key) and the resource's name. */
  from: string;
  resource: string;
  /** Tree key of the nested template. */
  target: string;
  exists: boolean;
  /** Why the target cannot be read ("does not exist", "is a folder, not a regular file"...), when it cannot. */
  unreadable?: string;
  /** Its model; undefined when it does not exist or does not parse. */
  child?: HotTemplate;
}

export interface TemplateUsesInput {
  /** Every template to look into. */
  templates: readonly HotTemplate[];
  registry: ResourceRegistry;
  parameterDefaults: Record<string, unknown>;
  tree: VirtualTree;
}

/** What lint cannot tell from the templates and environments alone. */
const UNKNOWN = Symbol('unknown');

/**
 * Every nested-template use of every template, each template read once
 * rather than once per stack. Types are resolved as the walk resolves them,
 * for the resource's own name (no stack path exists here). A chain's member
 * list is usually a parameter its parent passes (a role's service list), so
 * `get_param` is followed up through the templates that use the chain's
 * template, with Heat's precedence: what they pass (when all agree), then
 * parameter_defaults, then the parameter's default.
 */
export function templateUses(input: TemplateUsesInput): TemplateUse[] {
  const uses: TemplateUse[] = [];
  const pending: { template: HotTemplate; res: HotResource }[] = [];
  const byFile = new Map(input.templates.map((t) => [t.file, t]));
  const collect = (template: HotTemplate, res: HotResource, memberList: (raw: unknown) => unknown): Nesting => {
    const nesting = nestingOf(res, {
      resolve: (type) => input.registry.resolve(type, { from: template.file, resourceName: res.name, tree: input.tree }),
      // Properties as written; only the chain's list is worked out.
      read: (name, raw) => (name === 'resources' ? memberList(raw) : raw),
    });
    const found = nesting.kind === 'template' ? [nesting.use] : nesting.kind === 'group' || nesting.kind === 'chain' ? nesting.members : [];
    for (const use of found) {
      if (use.resolution.kind !== 'template') continue;
      const target = use.resolution.file;
      const unreadable = input.tree.whyUnreadable(target);
      const exists = unreadable === undefined;
      let child: HotTemplate | undefined;
      if (exists) {
        try {
          child = input.tree.template(target);
        } catch (e) {
          if (!isThtError(e)) throw e;
        }
      }
      uses.push({ ...use, from: template.file, resource: res.name, target, exists, ...(unreadable ? { unreadable } : {}), ...(child ? { child } : {}) });
    }
    return nesting;
  };
  // Only literal values first: the uses they find are what get_param is followed through.
  const literal = (expr: unknown) => (isMapping(expr) ? UNKNOWN : expr);
  for (const template of input.templates) {
    for (const res of template.resources.values()) {
      const nesting = collect(template, res, literal);
      if (nesting.kind === 'chain' && nesting.members.length === 0) pending.push({ template, res });
    }
  }
  for (const { template, res } of pending) collect(template, res, getParamFollower(uses, byFile, input.parameterDefaults, template.file));
  return uses;
}

/**
 * The value a `get_param` in `file` has, followed up through the uses of
 * `file` found so far. Each (template, parameter) is worked out once, and
 * uses that loop back give UNKNOWN, so any tree ends quickly.
 */
function getParamFollower(
  uses: readonly TemplateUse[],
  byFile: ReadonlyMap<string, HotTemplate>,
  parameterDefaults: Record<string, unknown>,
  file: string,
): (expr: unknown) => unknown {
  const known = new Map<string, unknown>();
  const valueIn = (file: string, expr: unknown): unknown => {
    if (!isMapping(expr) || typeof expr.get_param !== 'string') return expr;
    const name = expr.get_param;
    const key = `${file}\0${name}`;
    if (known.has(key)) return known.get(key);
    known.set(key, UNKNOWN);
    const values = uses.filter((u) => u.target === file && name in u.properties).map((u) => valueIn(u.from, u.properties[name]));
    let value: unknown;
    if (values.length > 0) value = values.every((v) => deepEqual(v, values[0])) ? values[0] : UNKNOWN;
    else if (Object.hasOwn(parameterDefaults, name)) value = parameterDefaults[name];
    else value = byFile.get(file)?.parameters.get(name)?.default;
    known.set(key, value);
    return value;
  };
  return (expr) => valueIn(file, expr);
}
