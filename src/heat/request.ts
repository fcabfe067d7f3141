/**
 * What heatclient sends Heat for `openstack orchestration template validate
 * -t overcloud.yaml -e ...` (heatclient/common/template_utils.py): the
 * `files` map it collects, which decides what Heat can fetch and which
 * parameters Heat knows when it merges the environments.
 *
 *   - from a template: every `type:` value ending in .yaml or .template and
 *     every `get_file:` string, anywhere in it (`get_file_contents`,
 *     json-size.ts's isFileReference), each joined to the template's URL; a
 *     file that is a template is read the same way in turn;
 *   - from each environment file: every resource_registry value that is not
 *     a type name (`resolve_environment_urls`: no `::`), global and under
 *     `resources:`, including entries a later file overrides; then the
 *     environment files themselves.
 */
import type { PathSegment } from '../yaml/file.js';
import { isMapping } from '../load/values.js';
import type { EnvironmentFile } from './environment.js';
import type { HotParamType } from './template.js';
import type { VirtualTree } from './tree.js';
import { tooDeep, WALK_DEPTH_BOUND } from './stack.js';
import { jsonSize, type JsonSize } from './json-size.js';

/** A reference heatclient follows and cannot read: the request is never sent. */
export interface UnreadableReference {
  /** The file (virtual-tree key) that names it, and where. */
  file: string;
  path: PathSegment[];
  /** The reference as written, and the key it resolves to. */
  ref: string;
  target: string;
  /** For a resource_registry value: the type it maps. */
  registryType?: string;
  /** A `get_file:` target (not a template reference). */
  getFile: boolean;
}

export interface HeatRequestFiles {
  /** Virtual-tree keys of the entries of `files`, in heatclient's order (the root template is not one). */
  files: string[];
  /** Those of them Heat reads as templates (template_format.parse accepts them: they have a version). */
  templates: Set<string>;
  /** Environment files, in order (also entries of `files`). */
  environments: string[];
  unreadable: UnreadableReference[];
  /** json.dumps of each template Heat reads (the root too), with heatclient's URLs in place, measured (json-size.ts). */
  sizes: Map<string, JsonSize>;
}

const VERSION_KEYS = ['heat_template_version', 'HeatTemplateFormatVersion', 'AWSTemplateFormatVersion'];

/** Whether Heat's template_format.parse takes the file as a template. */
function isTemplateData(v: unknown): boolean {
  return isMapping(v) && VERSION_KEYS.some((k) => k in v);
}

/** The file:// URL heatclient makes of a tree file. */
export const urlOf = (tree: VirtualTree, key: string): string => `file://${tree.fsPath(key)}`;

/** The files map of a validate request for `root` with these environment files. */
export function requestFiles(tree: VirtualTree, root: string, environments: readonly EnvironmentFile[]): HeatRequestFiles {
  const out: HeatRequestFiles = { files: [], templates: new Set(), environments: environments.map((e) => e.file), unreadable: [], sizes: new Map() };
  const seen = new Set<string>([root]);
  // How many templates deep the reading is: it recurses, so a chain thousands long must stop clearly.
  let depth = 0;
  const add = (key: string, from: string, path: PathSegment[], ref: string, registryType?: string, getFile = false): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const text = tree.text(key);
    if (text === undefined) {
      out.unreadable.push({ file: from, path, ref, target: key, getFile, ...(registryType === undefined ? {} : { registryType }) });
      return;
    }
    let data: unknown;
    try {
      data = tree.yaml(key).value;
    } catch {
      data = undefined;
    }
    if (isTemplateData(data)) {
      out.templates.add(key);
      if (++depth > WALK_DEPTH_BOUND) throw tooDeep(from, key, depth);
      scan(key, data);
      depth--;
    }
    out.files.push(key);
  };
  // One walk of each template finds its references and measures what heatclient sends of it.
  const scan = (file: string, data: unknown): void => {
    out.sizes.set(file, jsonSize(data, (k, x, path) => {
      const target = tree.resolveRef(file, x);
      add(target, file, [...path], x, undefined, k === 'get_file');
      return urlOf(tree, target);
    }));
  };
  scan(root, tree.yaml(root).value);
  for (const env of environments) {
    for (const e of env.registry) if (e.target !== undefined && e.value !== null) add(e.target, env.file, e.path, e.value, e.type);
  }
  for (const env of environments) {
    if (!seen.has(env.file)) out.files.push(env.file);
    seen.add(env.file);
  }
  return out;
}

/**
 * Heat's `tmpl.all_param_schemata(files)`: the parameters of every template
 * of the request by name, with their types; the root template's win.
 */
export function requestParameterTypes(tree: VirtualTree, root: string, request: HeatRequestFiles): Map<string, HotParamType> {
  const types = new Map<string, HotParamType>();
  for (const key of [...request.templates, root]) {
    for (const p of tree.template(key).parameters.values()) types.set(p.name, p.type);
  }
  return types;
}
