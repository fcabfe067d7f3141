/**
 * Resources that are nested stacks: a `type:` naming a template file, or a
 * registry alias (policy base_environments, then the -e files) that leads to
 * one; for an OS::Heat::ResourceGroup, its resource_def; for an
 * OS::Heat::ResourceChain, each member type (with the chain's
 * resource_properties). Found once per lint run and shared by the
 * nested-template rules.
 */
import type { HotTemplate } from '../heat/template.js';
import { isThtError } from '../load/errors.js';
import type { PathSegment } from '../yaml/file.js';
import type { LintContext } from './context.js';
import type { LintFile } from './tree.js';
import { deepEqual, isMapping } from './values.js';

export interface NestedUse {
  /** The template with the resource. */
  file: LintFile;
  resource: string;
  /** YAML path of the `type:` value that leads to the nested template. */
  typePath: PathSegment[];
  /** YAML path of the properties passed (they may be absent). */
  propertiesPath: PathSegment[];
  properties: Record<string, unknown>;
  /** Tree key of the nested template. */
  target: string;
  /** Its model; undefined when it does not exist or does not parse. */
  child?: HotTemplate;
  exists: boolean;
}

const cache = new WeakMap<LintContext, NestedUse[]>();

/** How far a chain's member list is followed up through templates passing it on. */
const MAX_PARAMETER_HOPS = 3;

export function nestedUses(ctx: LintContext): NestedUse[] {
  const cached = cache.get(ctx);
  if (cached) return cached;
  const uses: NestedUse[] = [];
  const chains: { file: LintFile; resource: string; path: PathSegment[]; properties: Record<string, unknown> }[] = [];
  const registry = ctx.environment.registry;
  const add = (file: LintFile, resource: string, type: unknown, typePath: PathSegment[], props: unknown, propertiesPath: PathSegment[]) => {
    if (typeof type !== 'string' || type === '') return;
    const r = registry.resolve(type, { from: file.path, resourceName: resource, tree: ctx.tree.heat });
    if (r.kind !== 'template') return;
    const exists = ctx.tree.has(r.file);
    let child: HotTemplate | undefined;
    if (exists) {
      try {
        child = ctx.tree.heat.template(r.file);
      } catch (e) {
        if (!isThtError(e)) throw e;
      }
    }
    uses.push({ file, resource, typePath, propertiesPath, properties: isMapping(props) ? props : {}, target: r.file, exists, ...(child ? { child } : {}) });
  };
  for (const t of ctx.templates) {
    for (const res of ctx.hot(t).resources.values()) {
      if (res.type === 'OS::Heat::ResourceGroup') {
        const def = res.properties.resource_def;
        if (isMapping(def)) {
          const defPath = [...res.path, 'properties', 'resource_def'];
          add(t, res.name, def.type, [...defPath, 'type'], def.properties, [...defPath, 'properties']);
        }
      } else if (res.type === 'OS::Heat::ResourceChain') {
        chains.push({ file: t, resource: res.name, path: [...res.path, 'properties'], properties: res.properties });
      } else {
        add(t, res.name, res.type, [...res.path, 'type'], res.properties, [...res.path, 'properties']);
      }
    }
  }
  // Chain members are known once the templates that use the chain's template are:
  // the member list is usually a parameter the parent passes (a role's service list).
  for (const chain of chains) {
    const members = parameterValue(ctx, uses, chain.file, chain.properties.resources);
    for (const type of Array.isArray(members) ? members : []) {
      add(chain.file, chain.resource, type, [...chain.path, 'resources'], chain.properties.resource_properties, [...chain.path, 'resource_properties']);
    }
  }
  cache.set(ctx, uses);
  return uses;
}

/**
 * The value of an expression in a template, following `get_param` with Heat's
 * precedence: what a template using it passes, then parameter_defaults, then
 * the parameter's default. Values several users pass differently are unknown.
 */
function parameterValue(ctx: LintContext, uses: readonly NestedUse[], file: LintFile, expr: unknown, depth = 0): unknown {
  if (!isMapping(expr) || typeof expr.get_param !== 'string' || depth > MAX_PARAMETER_HOPS) return expr;
  const name = expr.get_param;
  const passed = uses.filter((u) => u.target === file.path && name in u.properties);
  const values = passed.map((u) => parameterValue(ctx, uses, u.file, u.properties[name], depth + 1));
  if (values.length > 0) return values.every((v) => deepEqual(v, values[0])) ? values[0] : undefined;
  if (name in ctx.environment.parameterDefaults) return ctx.environment.parameterDefaults[name];
  return ctx.hot(file).parameters.get(name)?.default;
}
