/**
 * `tht environments list|show`: the environment files of a tree with their
 * title and description, the parameters each sets and the registry entries
 * each changes (what the TripleO UI offered as deployment configuration).
 *
 * Metadata comes from the `# title:` / `# description:` header comments the
 * THT sample-environment generator writes, else from the leading comment
 * lines, else from a `description` key.
 */
import { parseEnvironment, type EnvironmentFile, type ResourceRegistry } from '../heat/environment.js';
import { isMapping } from '../load/values.js';
import type { VirtualTree } from '../heat/tree.js';

export interface EnvironmentMetadata {
  title?: string;
  description?: string;
}

export interface RegistryChange {
  type: string;
  /** The new value as written (null deletes). */
  value: string | null;
  /** The template it points at (virtual-tree key), when it is one. */
  target?: string;
  /** The base registry's mapping it replaces (template key or type), if any. */
  replaces?: string | null;
  /** For `resources:` entries, the resource name or glob. */
  resource?: string;
}

export interface EnvironmentSummary extends EnvironmentMetadata {
  file: string;
  parameters: Record<string, unknown>;
  parameterDefaults: Record<string, unknown>;
  registry: RegistryChange[];
  problems: string[];
}

/** Files under `environments/` (rendered and static YAML, not Jinja sources). */
export function environmentFiles(tree: VirtualTree): string[] {
  return tree.paths().filter((p) => p.startsWith('environments/') && /\.ya?ml$/.test(p) && !p.endsWith('.j2.yaml'));
}

/** Title and description of an environment file from its header comments (or description key). */
export function environmentMetadata(text: string, value: unknown): EnvironmentMetadata {
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) {
      if (line.trim() === '') continue;
      break;
    }
    comments.push(line.replace(/^#\s?/, ''));
  }
  const meta: EnvironmentMetadata = {};
  const titleLine = comments.findIndex((c) => /^title:/.test(c));
  if (titleLine >= 0) meta.title = comments[titleLine]!.replace(/^title:\s*/, '').trim();
  const descLine = comments.findIndex((c) => /^description:/.test(c));
  if (descLine >= 0) {
    const first = comments[descLine]!.replace(/^description:\s*/, '').trim();
    const rest: string[] = [];
    if (first === '|' || first === '>' || first === '') {
      for (const c of comments.slice(descLine + 1)) {
        if (!/^\s/.test(c)) break;
        rest.push(c.trim());
      }
    } else {
      rest.push(first);
    }
    meta.description = rest.join('\n').trim();
  }
  if (meta.title === undefined && meta.description === undefined) {
    // Leading comment lines, without banner rules such as "# *****".
    const prose = comments.filter((c) => /[A-Za-z]/.test(c)).map((c) => c.trim());
    if (prose.length > 0) meta.description = prose.join('\n');
    else if (isMapping(value) && typeof value.description === 'string') meta.description = value.description.trim();
  }
  return meta;
}

/** Summary of one environment file; `base` is the registry it is applied on (for `replaces`). */
export function summarizeEnvironment(tree: VirtualTree, key: string, base?: ResourceRegistry): EnvironmentSummary {
  const env: EnvironmentFile = parseEnvironment(tree, key);
  const registry: RegistryChange[] = env.registry.map((e) => {
    const change: RegistryChange = { type: e.type, value: e.value };
    if (e.target !== undefined) change.target = e.target;
    if (e.resource !== undefined) change.resource = e.resource;
    const before = e.resource === undefined ? base?.global.get(e.type) : undefined;
    if (before) change.replaces = before.target ?? before.value;
    return change;
  });
  return {
    file: key,
    ...environmentMetadata(tree.text(key) ?? '', env.yaml.value),
    parameters: env.parameters,
    parameterDefaults: env.parameterDefaults,
    registry,
    problems: env.problems.map((p) => p.message),
  };
}
