/**
 * Resources that are nested stacks: a `type:` naming a template file, or a
 * registry alias (policy base_environments, then the -e files) that leads to
 * one; for an OS::Heat::ResourceGroup, its resource_def. Found once per lint
 * run and shared by the nested-template rules.
 */
import type { HotTemplate } from '../heat/template.js';
import { isThtError } from '../load/errors.js';
import type { PathSegment } from '../load/yaml.js';
import type { LintContext } from './context.js';
import type { LintFile } from './tree.js';
import { isMapping } from './values.js';

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

export function nestedUses(ctx: LintContext): NestedUse[] {
  const cached = cache.get(ctx);
  if (cached) return cached;
  const uses: NestedUse[] = [];
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
      } else {
        add(t, res.name, res.type, [...res.path, 'type'], res.properties, [...res.path, 'properties']);
      }
    }
  }
  cache.set(ctx, uses);
  return uses;
}
