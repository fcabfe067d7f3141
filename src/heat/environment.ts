/**
 * Heat environments: parsing one file (with positions), and merging several in
 * order the way Heat merges `environment_files` server-side
 * (heat/common/environment_util.py): `parameters` and `parameter_defaults`
 * through `parameter_merge_strategies`, every other section shallowly, a later
 * file replacing a top-level key (including the whole `resources:` map).
 *
 * Registry values that name templates are resolved against the environment
 * file's own directory (or its `base_url`) at parse time, as heatclient does
 * before anything reaches Heat, so a merged registry holds virtual-tree keys.
 * A null registry value deletes the entry (a `*` key deletes every prefix
 * match), as Heat's ResourceRegistry does when it loads the environment.
 */
import { ThtError } from '../load/errors.js';
import type { PathSegment, YamlFile } from '../yaml/file.js';
import { suggestKey } from '../load/suggest.js';
import { sourcePosition, type HotParamType } from './template.js';
import { isMapping } from '../load/values.js';
import { float, int, isInt, isNumber } from '../yaml/python.js';
import { pythonStr } from './python-data.js';
import type { VirtualTree } from './tree.js';

export const ENVIRONMENT_SECTIONS = [
  'parameters',
  'parameter_defaults',
  'resource_registry',
  'encrypted_param_names',
  'event_sinks',
  'parameter_merge_strategies',
] as const;
export type MergeStrategy = 'overwrite' | 'merge' | 'deep_merge';
const MERGE_STRATEGIES: readonly string[] = ['overwrite', 'merge', 'deep_merge'];

/** Keys inside a `resources:` entry that are hooks or policies, not mappings. */
const RESOURCE_ENTRY_SPECIAL_KEYS = new Set(['hooks', 'restricted_actions']);

/** True if a registry value or `type:` names a template file rather than a type. */
const isTemplatePath = (v: string): boolean => !v.includes('::') && /\.(ya?ml|template)$/.test(v);

export interface RegistryEntry {
  /** The resource type (or `Prefix::*` glob) being mapped. */
  type: string;
  /** The value as written; null deletes the mapping. */
  value: string | null;
  /** For a template value: its virtual-tree key (resolved against the env file / base_url). */
  target?: string;
  /** For an entry under `resources:`: the resource name or fnmatch glob it applies to. */
  resource?: string;
  /**
   * For an entry under `resources:`: the patterns from the root stack down to the resource
   * (`resources: {A: {B: {OS::X: y}}}` applies to resource B inside A's nested stack).
   */
  resourcePath?: string[];
  /** Environment file (virtual-tree key) and YAML path of the value. */
  file: string;
  path: PathSegment[];
}

export interface EnvironmentProblem {
  /** ENV001: Heat rejects the file; ENV004: a section present but null. */
  code: 'ENV001' | 'ENV004';
  message: string;
  file: string;
  path: PathSegment[];
  key?: boolean;
}

/** One environment file, parsed and checked, nothing merged yet. */
export interface EnvironmentFile {
  /** Virtual-tree key. */
  file: string;
  /** The parsed file (positions of paths, repeated keys). */
  yaml: YamlFile;
  parameters: Record<string, unknown>;
  parameterDefaults: Record<string, unknown>;
  /** Registry entries in file order (global ones and those under `resources:`). */
  registry: RegistryEntry[];
  /** `resource_registry` keys present in this file (what a shallow merge replaces). */
  registryKeys: string[];
  mergeStrategies: Record<string, string>;
  eventSinks: unknown[];
  encryptedParamNames: unknown[];
  /** Departures from Heat's environment format (wrong section, null section, ...). */
  problems: EnvironmentProblem[];
}

/** Parse one environment file of the tree (by virtual-tree key). */
export function parseEnvironment(tree: VirtualTree, key: string): EnvironmentFile {
  const source = tree.yaml(key);
  const problems: EnvironmentProblem[] = [];
  const problem = (message: string, path: PathSegment[], isKey = false, code: EnvironmentProblem['code'] = 'ENV001') =>
    problems.push({ code, message, file: key, path, ...(isKey ? { key: true } : {}) });
  // An empty file is a valid, empty environment.
  const top = source.value === null || source.value === undefined ? {} : source.value;
  if (!isMapping(top)) {
    problem('an environment file must be a mapping of sections', []);
  }
  const doc = isMapping(top) ? top : {};
  for (const [k, v] of Object.entries(doc)) {
    if (!(ENVIRONMENT_SECTIONS as readonly string[]).includes(k)) {
      const guess = suggestKey(k, ENVIRONMENT_SECTIONS);
      problem(`environment has wrong section "${k}" (${guess ? `did you mean "${guess}"? ` : ''}allowed: ${ENVIRONMENT_SECTIONS.join(', ')})`, [k], true);
    } else if (v === null) {
      problem(`section "${k}" is empty (null); remove it or give it content`, [k], true, 'ENV004');
    }
  }
  const mapSection = (name: string): Record<string, unknown> => {
    const v = doc[name];
    if (v === undefined || v === null) return {};
    if (isMapping(v)) return v;
    problem(`section "${name}" must be a mapping`, [name]);
    return {};
  };
  const listSection = (name: string): unknown[] => {
    const v = doc[name];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    problem(`section "${name}" must be a list`, [name]);
    return [];
  };

  const strategies: Record<string, string> = {};
  for (const [param, s] of Object.entries(mapSection('parameter_merge_strategies'))) {
    if (typeof s === 'string' && MERGE_STRATEGIES.includes(s)) strategies[param] = s;
    else problem(`merge strategy for "${param}" must be one of ${MERGE_STRATEGIES.join(', ')}`, ['parameter_merge_strategies', param]);
  }

  const registrySection = mapSection('resource_registry');
  const { entries, keys } = parseRegistry(tree, key, registrySection, problem);
  return {
    file: key,
    yaml: source,
    parameters: mapSection('parameters'),
    parameterDefaults: mapSection('parameter_defaults'),
    registry: entries,
    registryKeys: keys,
    mergeStrategies: strategies,
    eventSinks: listSection('event_sinks'),
    encryptedParamNames: listSection('encrypted_param_names'),
    problems,
  };
}

function parseRegistry(
  tree: VirtualTree,
  file: string,
  section: Record<string, unknown>,
  problem: (message: string, path: PathSegment[], isKey?: boolean) => void,
): { entries: RegistryEntry[]; keys: string[] } {
  const baseUrl = typeof section.base_url === 'string' ? section.base_url : undefined;
  // heatclient joins relative values against base_url when set, else the env file's directory.
  const resolveTarget = (value: string): string =>
    baseUrl === undefined ? tree.resolveRef(file, value) : tree.resolveRef(`${baseUrl.replace(/\/?$/, '/')}_`, value);
  const entry = (type: string, value: unknown, path: PathSegment[], resourcePath?: string[]): RegistryEntry | undefined => {
    if (value !== null && typeof value !== 'string') {
      problem(`registry value for "${type}" must be a type name, a template path or null`, path);
      return undefined;
    }
    const e: RegistryEntry = { type, value, file, path };
    if (resourcePath !== undefined) {
      e.resource = resourcePath.at(-1)!;
      e.resourcePath = resourcePath;
    }
    if (typeof value === 'string' && isTemplatePath(value)) e.target = resolveTarget(value);
    return e;
  };
  const entries: RegistryEntry[] = [];
  for (const [type, value] of Object.entries(section)) {
    if (type === 'base_url') continue;
    if (type === 'resources') {
      if (!isMapping(value)) {
        if (value !== null) problem('resource_registry.resources must be a mapping of resource names', ['resource_registry', 'resources']);
        continue;
      }
      // Each level maps resource names (or globs) to type mappings and to the next level.
      const level = (map: Record<string, unknown>, patterns: string[], path: PathSegment[]) => {
        for (const [resource, data] of Object.entries(map)) {
          if (!isMapping(data)) continue;
          for (const [key, v] of Object.entries(data)) {
            if (RESOURCE_ENTRY_SPECIAL_KEYS.has(key)) continue;
            if (isMapping(v)) level({ [key]: v }, [...patterns, resource], [...path, resource]);
            else {
              const e = entry(key, v, [...path, resource, key], [...patterns, resource]);
              if (e) entries.push(e);
            }
          }
        }
      };
      level(value, [], ['resource_registry', 'resources']);
      continue;
    }
    const e = entry(type, value, ['resource_registry', type]);
    if (e) entries.push(e);
  }
  return { entries, keys: Object.keys(section).filter((k) => k !== 'base_url') };
}

/** What a registry lookup found for a resource type. */
export type Resolution =
  | { kind: 'template'; file: string; via: RegistryEntry[] }
  | { kind: 'none'; via: RegistryEntry[] }
  /** A type the registry leaves alone: a Heat plugin (OS::Heat::Value) or an unmapped name. */
  | { kind: 'plugin'; type: string; via: RegistryEntry[] }
  /** Aliases that loop. */
  | { kind: 'cycle'; via: RegistryEntry[] };

/** The type a registry entry maps a resource to so that Heat creates nothing for it. */
export const NONE_TYPE = 'OS::Heat::None';
/** Joins the resource patterns of a `resources:` scope (a character no resource name has). */
export const SCOPE_SEP = '\u0000';
const MAX_ALIAS_DEPTH = 32;

/** fnmatch-style glob (`*`, `?`, `[...]`) as used for `resources:` names. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The merged resource registry. Lookup order follows Heat's
 * `ResourceRegistry.iterable_by`: entries for the resource name under
 * `resources:` first, then the exact type, then `Prefix::*` globs, longer
 * (more specific) keys first.
 */
export class ResourceRegistry {
  /** Global mappings by type key (exact and globs). */
  readonly global = new Map<string, RegistryEntry>();
  /** `resources:` mappings: resource patterns from the root (joined by SCOPE_SEP) -> type -> entry. */
  readonly perResource = new Map<string, Map<string, RegistryEntry>>();
  private globKeys: string[] = [];
  private readonly resourceMatchers = new Map<string, RegExp>();

  /** Apply one file's entries on top (shallow: `resources:` is replaced wholesale when present). */
  apply(env: EnvironmentFile): void {
    if (env.registryKeys.includes('resources')) this.perResource.clear();
    for (const e of env.registry) {
      if (e.resourcePath !== undefined) {
        const scope = e.resourcePath.join(SCOPE_SEP);
        let m = this.perResource.get(scope);
        if (!m) this.perResource.set(scope, (m = new Map()));
        if (e.value === null) deleteMatching(m, e.type);
        else m.set(e.type, e);
      } else if (e.value === null) {
        deleteMatching(this.global, e.type);
      } else {
        this.global.set(e.type, e);
      }
    }
    this.globKeys = [...this.global.keys()].filter((k) => k.endsWith('*')).sort((a, b) => b.length - a.length);
  }

  /**
   * The entry a type maps to for a resource, before alias resolution. `resourcePath` is the
   * resource names from the root stack down to the resource (a single name: a root resource).
   */
  lookup(type: string, resourcePath?: readonly string[]): RegistryEntry | undefined {
    if (resourcePath !== undefined && this.perResource.size > 0) {
      // More specific (longer) patterns first, as Heat sorts them.
      const scopes = [...this.perResource.keys()].sort((a, b) => b.length - a.length);
      for (const scope of scopes) {
        const patterns = scope.split(SCOPE_SEP);
        if (patterns.length !== resourcePath.length || !patterns.every((p, i) => this.matcher(p).test(resourcePath[i]!))) continue;
        const hit = lookupIn(this.perResource.get(scope)!, type);
        if (hit) return hit;
      }
    }
    const exact = this.global.get(type);
    if (exact) return exact;
    for (const g of this.globKeys) {
      if (type.startsWith(g.slice(0, -1))) return this.global.get(g);
    }
    return undefined;
  }

  /**
   * Resolve a resource type as written in template `from` (virtual-tree key):
   * a template path is a nested stack directly; otherwise follow registry
   * aliases until a template, OS::Heat::None or a plugin type.
   */
  resolve(
    type: string,
    opts: { from: string; resourceName?: string; resourcePath?: readonly string[]; tree: VirtualTree },
  ): Resolution {
    const resourcePath = opts.resourcePath ?? (opts.resourceName === undefined ? undefined : [opts.resourceName]);
    const via: RegistryEntry[] = [];
    let current = type;
    for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth++) {
      if (isTemplatePath(current)) {
        // A path directly in a template resolves against that template; a path reached through
        // a registry entry was already resolved against its environment file.
        const last = via.at(-1);
        const file = last?.target ?? opts.tree.resolveRef(opts.from, current);
        return { kind: 'template', file, via };
      }
      if (current === NONE_TYPE) return { kind: 'none', via };
      const entry = this.lookup(current, resourcePath);
      if (!entry || entry.value === null || via.includes(entry)) {
        return entry && via.includes(entry) ? { kind: 'cycle', via } : { kind: 'plugin', type: current, via };
      }
      via.push(entry);
      // A glob mapping replaces the matched prefix: `OS::A::*: OS::B::*` sends OS::A::X to OS::B::X.
      current =
        entry.type.endsWith('*') && entry.value.endsWith('*')
          ? entry.value.slice(0, -1) + current.slice(entry.type.length - 1)
          : entry.value;
    }
    return { kind: 'cycle', via };
  }

  private matcher(pattern: string): RegExp {
    let re = this.resourceMatchers.get(pattern);
    if (!re) this.resourceMatchers.set(pattern, (re = globRegExp(pattern)));
    return re;
  }
}

function lookupIn(m: Map<string, RegistryEntry>, type: string): RegistryEntry | undefined {
  const exact = m.get(type);
  if (exact) return exact;
  const globs = [...m.keys()].filter((k) => k.endsWith('*')).sort((a, b) => b.length - a.length);
  const g = globs.find((k) => type.startsWith(k.slice(0, -1)));
  return g === undefined ? undefined : m.get(g);
}

function deleteMatching(m: Map<string, RegistryEntry>, key: string): void {
  if (!key.endsWith('*')) {
    m.delete(key);
    return;
  }
  const prefix = key.slice(0, -1);
  for (const k of [...m.keys()]) if (k.startsWith(prefix)) m.delete(k);
}

/** The result of merging environment files in order. */
export interface Environment {
  /** The files merged, in order. */
  files: EnvironmentFile[];
  parameters: Record<string, unknown>;
  parameterDefaults: Record<string, unknown>;
  /** For each merged parameter_defaults key, the file (and path) that last set it. */
  parameterDefaultsFrom: Map<string, { file: string; path: PathSegment[] }>;
  /** Values the merge left out: undeclared or null, in a file after the first that filled the section. */
  dropped: DroppedParameter[];
  registry: ResourceRegistry;
  eventSinks: unknown[];
  encryptedParamNames: unknown[];
  /** Problems of every file, in order. */
  problems: EnvironmentProblem[];
}

/** A parameter value Heat leaves out of the merged environment (environment_util.merge_parameters). */
export interface DroppedParameter {
  section: 'parameters' | 'parameter_defaults';
  name: string;
  file: string;
  path: PathSegment[];
}

/** The parameters Heat knows by name, with their types: all the merge asks of them (a Map will do). */
export type ParameterSchemata = Pick<ReadonlyMap<string, HotParamType>, 'has' | 'get'>;

/**
 * Merge parsed environment files in order, as Heat's merge_environments
 * does. `schemata` are the parameters Heat knows, with their types (every
 * template of the request: `all_param_schemata(files)`): after the first
 * file that fills a section, a value no template declares, or a null one, is
 * dropped (and listed in `dropped`), and merge/deep_merge follow the declared
 * type. Without `schemata` every name counts as declared, and the JS type of
 * the value decides how it merges.
 */
export function mergeEnvironments(
  files: readonly EnvironmentFile[],
  schemata?: ParameterSchemata,
): Environment {
  const env: Environment = {
    files: [...files],
    parameters: {},
    parameterDefaults: {},
    parameterDefaultsFrom: new Map(),
    dropped: [],
    registry: new ResourceRegistry(),
    eventSinks: [],
    encryptedParamNames: [],
    problems: files.flatMap((f) => f.problems),
  };
  const declared = (name: string): boolean => schemata === undefined || schemata.has(name);
  // Strategies chosen so far per parameter (both sections, every file, the first included).
  const chosen = new Map<string, MergeStrategy>();
  for (const f of files) {
    // get_param_merge_strategy: the file's own choice, else the one made before, else the file's default.
    const strategyFor = (name: string): MergeStrategy => {
      const s = f.mergeStrategies[name] ?? chosen.get(name) ?? f.mergeStrategies.default ?? 'overwrite';
      return (MERGE_STRATEGIES.includes(s) ? s : (f.mergeStrategies.default ?? 'overwrite')) as MergeStrategy;
    };
    const mergeSection = (section: 'parameters' | 'parameter_defaults', into: Record<string, unknown>, from: Record<string, unknown>) => {
      // A lone file is taken whole, section by section: the strategies it chooses are never used or compared (so
      // the parameters Heat knows, costly to learn, are not asked for).
      const counted = files.length === 1 ? [] : Object.entries(from).filter(([name, value]) => declared(name) && value !== null && value !== undefined);
      for (const [name] of counted) {
        const strategy = strategyFor(name);
        const previous = chosen.get(name);
        if (previous !== undefined && previous !== strategy) {
          throw new ThtError(
            `conflicting merge strategy "${strategy}" for parameter "${name}" (an earlier file chose "${previous}")`,
            { at: sourcePosition(f.yaml, name in f.mergeStrategies ? ['parameter_merge_strategies', name] : [section, name]), hint: 'Give the parameter the same strategy in every file that sets it.' },
          );
        }
        chosen.set(name, strategy);
      }
      const record = (name: string) => {
        if (section === 'parameter_defaults') env.parameterDefaultsFrom.set(name, { file: f.file, path: [section, name] });
      };
      // The first file that fills the section is taken whole (`if not old: return new`).
      if (Object.keys(into).length === 0) {
        for (const [name, value] of Object.entries(from)) {
          into[name] = value;
          record(name);
        }
        return;
      }
      for (const [name, value] of Object.entries(from)) {
        if (!declared(name) || value === null || value === undefined) {
          env.dropped.push({ section, name, file: f.file, path: [section, name] });
          continue;
        }
        record(name);
        const strategy = chosen.get(name)!;
        into[name] = name in into && strategy !== 'overwrite' ? mergeValue(into[name], value, strategy, schemata?.get(name), name, f) : value;
      }
    };
    mergeSection('parameters', env.parameters, f.parameters);
    mergeSection('parameter_defaults', env.parameterDefaults, f.parameterDefaults);
    env.registry.apply(f);
    if (f.eventSinks.length > 0) env.eventSinks = [...f.eventSinks];
    if (f.encryptedParamNames.length > 0) env.encryptedParamNames = [...f.encryptedParamNames];
  }
  return env;
}

/** Heat's `merge` (shallow) and `deep_merge` of one parameter value into the previous one. */
function mergeValue(
  old: unknown,
  value: unknown,
  strategy: 'merge' | 'deep_merge',
  type: HotParamType | undefined,
  name: string,
  f: EnvironmentFile,
): unknown {
  const kind = type ?? inferType(value);
  switch (kind) {
    case 'json':
      if (!isMapping(value)) break;
      return mergeMap(isMapping(old) ? old : {}, value, strategy === 'deep_merge');
    case 'comma_delimited_list':
      return mergeList(old, value);
    case 'string':
      return `${pythonStr(old)}${pythonStr(value)}`;
    case 'number':
      return addNumbers(old ?? 0, value);
    default:
      break;
  }
  throw new ThtError(`merge strategy "${strategy}" cannot merge parameter "${name}" of type ${kind}`, {
    at: sourcePosition(f.yaml, ['parameter_defaults', name]),
    hint: 'Use "overwrite" for booleans, and give json parameters a mapping.',
  });
}

/** Python's `a + b` of two numbers (int + int stays an int; numeric strings count as their number, as before). */
function addNumbers(a: unknown, b: unknown): unknown {
  if (isInt(a) && isInt(b)) return int(BigInt(a) + BigInt(b));
  const sum = Number(a) + Number(b);
  return isNumber(a) || isNumber(b) ? float(sum) : sum;
}

function inferType(value: unknown): HotParamType {
  if (Array.isArray(value)) return 'comma_delimited_list';
  if (isMapping(value)) return 'json';
  if (isNumber(value)) return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

function mergeList(old: unknown, value: unknown): unknown {
  if (old === undefined || old === null || old === '' || (Array.isArray(old) && old.length === 0)) return value;
  if (Array.isArray(value)) return [...(Array.isArray(old) ? old : String(old).split(',')), ...value];
  return `${Array.isArray(old) ? old.join(',') : String(old)},${String(value)}`;
}

/** heat merge_map: shallow replace, or with deep recursion (maps merge, lists extend, strings concatenate). */
function mergeMap(old: Record<string, unknown>, value: Record<string, unknown>, deep: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (!deep) out[k] = v;
    else if (isMapping(v)) out[k] = isMapping(out[k]) ? mergeMap(out[k] as Record<string, unknown>, v, true) : v;
    else if (Array.isArray(v)) out[k] = out[k] ? mergeList(out[k], v) : v;
    else if (typeof v === 'string') out[k] = `${typeof out[k] === 'string' ? out[k] : ''}${v}`;
    else out[k] = v;
  }
  return out;
}

/** Parse and merge environment files given by virtual-tree key, in order. */
export function loadEnvironments(
  tree: VirtualTree,
  keys: readonly string[],
  schemata?: ParameterSchemata,
): Environment {
  return mergeEnvironments(
    keys.map((k) => parseEnvironment(tree, k)),
    schemata,
  );
}
