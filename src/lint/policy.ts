/**
 * Project policy: the lists THT's yaml-validate.py hard-codes (allowed
 * template versions, which roles must contain which services, exclusion
 * lists), kept in YAML so a tree can bring its own. The "tht-master" preset
 * ships in `policies/` beside `dist/`.
 */
import { ThtError } from '../load/errors.js';
import { packagePath } from '../load/package-files.js';
import type { TreeFiles } from '../load/tree-files.js';
import type { YamlFile } from '../yaml/file.js';
import { readYamlFile } from '../yaml/read.js';
import { isMapping } from '../load/values.js';

export type PathSwitches = Record<string, boolean>;

export interface RoleServicesRule {
  role: string;
  base: string;
  compare: 'equal' | 'superset' | 'same_set';
  /** Services the role must have; they are taken out before comparing. */
  remove?: string[];
  /** Services dropped from the role before comparing, if present. */
  ignore?: string[];
  /** Services added to the role before comparing. */
  add?: string[];
  /** Base services the role need not have (superset). */
  base_exclude?: string[];
  /** superset: the role's update_serial must match the base's (1 or none with CephOSD). */
  update_serial?: boolean;
}

export interface Policy {
  heat_template_versions: string[];
  base_environments: string[];
  tooling_parameters: string[];
  installed_tree_paths: string[];
  skip_paths: string[];
  forbidden_paths: { path: string; hint?: string }[];
  required_service_params: string[];
  puppet_services: { match: string; overrides: PathSwitches; service_name_overrides: Record<string, string> };
  container_services: {
    match: string;
    overrides: PathSwitches;
    required_sections: string[];
    required_sections_overrides: Record<string, string[]>;
    optional_sections: string[];
    ansible_task_sections: string[];
    puppet_config_required: string[];
    puppet_config_optional: string[];
    mysql_client_overrides: PathSwitches;
    camel_case: Record<string, string>;
    config_image_overrides: Record<string, string>;
  };
  hiera_interpolation: { match: string[]; skip_when_path_contains: string[]; skip_sections: string[]; skip_keys: string[] };
  logging_templates: { match: string; required_outputs: string[] };
  deployment_resource_types: string[];
  config_resource_types: string[];
  heat_outputs_exclusions: string[];
  network_data_variants: { base: string; match: string };
  role_services: RoleServicesRule[];
  environment_services: { match: string; parameter: string; role: string; remove: string[] }[];
  parameter_parity: { old: string; new: string }[];
  endpoint_map: { base: string; environments: string[] };
  parameter_definition_exclusions: Record<string, string[]>;
}

export const DEFAULT_PRESET = 'tht-master';

/** A policy file's top-level mapping. */
function policyMapping(parsed: YamlFile): { parsed: YamlFile; value: Record<string, unknown> } {
  if (!isMapping(parsed.value)) {
    throw new ThtError('a policy file must be a YAML mapping', { at: { file: parsed.name, line: 1, column: 1 }, hint: 'See policies/tht-master.yaml for the format.' });
  }
  return { parsed, value: parsed.value };
}

/** The presets shipped in policies/, one per file (`<name>.yaml`); a name is never a path. */
const PRESETS: readonly string[] = [DEFAULT_PRESET];

export async function loadPreset(name: string): Promise<Policy> {
  if (!PRESETS.includes(name)) {
    throw new ThtError(`unknown policy preset "${name}"`, { hint: `The shipped preset is "${DEFAULT_PRESET}".` });
  }
  const parsed = readYamlFile(packagePath('policies', `${name}.yaml`), `policies/${name}.yaml`);
  return policyMapping(parsed).value as unknown as Policy;
}

/**
 * A policy built from a preset with some top-level keys replaced. Unknown keys
 * are errors: a misspelt key would otherwise silently keep the preset's list.
 */
export function overridePolicy(base: Policy, overrides: Record<string, unknown>, at: { parsed: YamlFile; path: (string | number)[] }): Policy {
  const fail = (path: (string | number)[], message: string, hint = `See policies/${DEFAULT_PRESET}.yaml for its format.`): never => {
    throw new ThtError(message, { at: { file: at.parsed.name, ...at.parsed.position([...at.path, ...path], { key: true }) }, hint });
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in base)) fail([key], `unknown policy key "${key}"`, `Known keys: ${Object.keys(base).join(', ')}.`);
    const preset: unknown = base[key as keyof Policy];
    if (shape(value) !== shape(preset)) fail([key], `policy key "${key}" must be ${shape(preset)}`);
    // The rules read every setting of these mappings, and a tree's mapping replaces the preset's whole.
    if (SETTINGS_KEYS.includes(key) && isMapping(value) && isMapping(preset)) {
      for (const sub of Object.keys(value)) if (!(sub in preset)) fail([key, sub], `policy key "${key}" has an unknown setting "${sub}"`);
      for (const [sub, v] of Object.entries(preset)) {
        if (!(sub in value)) fail([key], `policy key "${key}" lacks "${sub}" (a tree's ${key} replaces the preset's whole mapping)`);
        if (shape(value[sub]) !== shape(v)) fail([key, sub], `policy setting ${key}.${sub} must be ${shape(v)}`);
      }
    }
    const fields = ENTRY_FIELDS[key];
    if (fields && Array.isArray(value)) {
      value.forEach((entry, i) => {
        if (!isMapping(entry)) fail([key, i], `each entry of policy key "${key}" must be a mapping`);
        for (const [field, expected] of Object.entries(fields)) {
          if (shape(entry[field]) !== expected) fail([key, i], `entry ${i + 1} of policy key "${key}" needs ${field} (${expected})`);
          const allowed = ENTRY_VALUES[key]?.[field];
          if (allowed && !allowed.includes(entry[field] as string)) fail([key, i, field], `${key} ${field} must be one of ${allowed.join(', ')}`);
        }
      });
    }
  }
  for (const { path, pattern } of Object.entries(overrides).flatMap(([key, value]) => patternsOf(key, value))) {
    const error = regexError(pattern);
    if (error === undefined) continue;
    const where = { file: at.parsed.name, ...at.parsed.position([...at.path, ...path]) };
    throw new ThtError(`policy pattern ${JSON.stringify(pattern)} is not a valid regular expression (${error})`, {
      at: where,
      hint: 'Patterns are JavaScript regular expressions matched against tree-relative paths (or parameter names).',
    });
  }
  return { ...base, ...overrides } as Policy;
}

const shape = (v: unknown): string => (Array.isArray(v) ? 'a list' : isMapping(v) ? 'a mapping' : `a ${typeof v}`);

/** Keys whose value is a fixed set of settings (rather than a name -> value table). */
const SETTINGS_KEYS = ['puppet_services', 'container_services', 'hiera_interpolation', 'logging_templates', 'network_data_variants', 'endpoint_map'];

/** List keys whose entries are settings: the fields every entry needs, with their shape. */
const ENTRY_FIELDS: Record<string, Record<string, string>> = {
  forbidden_paths: { path: 'a string' },
  role_services: { role: 'a string', base: 'a string', compare: 'a string' },
  environment_services: { match: 'a string', parameter: 'a string', role: 'a string', remove: 'a list' },
  parameter_parity: { old: 'a string', new: 'a string' },
};

/** Entry fields that take one of a few words. */
const ENTRY_VALUES: Record<string, Record<string, readonly string[]>> = {
  role_services: { compare: ['equal', 'superset', 'same_set'] satisfies RoleServicesRule['compare'][] },
};

/**
 * The regular expressions inside one top-level policy key, with their paths.
 * Checked when a tree overrides the key, so a broken pattern is an error at
 * its line rather than a crash inside a rule.
 */
function patternsOf(key: string, value: unknown): { path: (string | number)[]; pattern: unknown }[] {
  const items = (list: unknown, at: (i: number) => (string | number)[]) => (Array.isArray(list) ? list.map((pattern, i) => ({ path: at(i), pattern })) : []);
  switch (key) {
    case 'tooling_parameters':
      return items(value, (i) => [key, i]);
    case 'puppet_services':
    case 'container_services':
    case 'logging_templates':
    case 'network_data_variants':
      return isMapping(value) ? [{ path: [key, 'match'], pattern: value.match }] : [];
    case 'hiera_interpolation':
      return isMapping(value) ? items(value.match, (i) => [key, 'match', i]) : [];
    case 'environment_services':
      return items(value, (i) => [key, i, 'match']).map((e) => ({ ...e, pattern: isMapping(e.pattern) ? e.pattern.match : undefined }));
    default:
      return [];
  }
}

function regexError(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return 'not a string';
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/**
 * A tree's own policy file (`given` relative to the tree root, and inside
 * it): a mapping of top-level keys that replace the preset's.
 */
export function loadPolicyOverrides(files: TreeFiles, given: string): { parsed: YamlFile; value: Record<string, unknown> } {
  const rel = files.inTree(given, 'the policy file');
  const parsed = files.yaml(rel);
  if (parsed === undefined) {
    throw new ThtError(`cannot read ${files.display(rel)}: it does not exist`, { at: { file: files.display(rel) }, hint: 'policy: names a file relative to the tree root.' });
  }
  return policyMapping(parsed);
}

