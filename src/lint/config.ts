/**
 * `.thtlint.yaml` at the tree root: rule selection and policy for a tree.
 *
 *   preset: tht-master          # the shipped policy to start from
 *   policy: my-policy.yaml      # or an inline mapping; its keys replace the preset's
 *   ignore: [HOT011, THT02]     # rule ids or id prefixes (one may be given alone: ignore: HOT011)
 *   select: [HOT, ENV]          # only these (ids or prefixes)
 *   heat_limits:                # Heat limits to check against (also read by tht validate and tht schema)
 *     max_nested_stack_depth: 8
 */
import type { HeatLimitOverride } from '../heat/limits.js';
import { ThtError } from '../load/errors.js';
import type { TreeFiles } from '../load/tree-files.js';
import type { YamlFile } from '../yaml/file.js';
import { suggestKey } from '../load/suggest.js';
import { isMapping } from '../load/values.js';
import { DEFAULT_PRESET, loadPolicyOverrides, loadPreset, overridePolicy, type Policy } from './policy.js';

const CONFIG_FILE = '.thtlint.yaml';

export interface LintConfig {
  policy: Policy;
  ignore: string[];
  select: string[];
  /** `heat_limits`: the Heat limits to check against, each with its position (see src/heat/limits.ts). */
  heatLimits: HeatLimitOverride[];
}

const CONFIG_KEYS = ['preset', 'policy', 'ignore', 'select', 'heat_limits'];

/** The config file, checked to be a mapping of known keys; undefined when the tree has none. */
function readConfig(files: TreeFiles): { parsed: YamlFile; value: Record<string, unknown> } | undefined {
  // Named under the tree as the caller named it, as every message names a tree's files.
  const parsed = files.yaml(CONFIG_FILE);
  if (parsed === undefined) return undefined;
  const value = parsed.value ?? {};
  if (!isMapping(value)) throw configError(parsed, [], 'must be a mapping');
  for (const key of Object.keys(value)) {
    if (CONFIG_KEYS.includes(key)) continue;
    const guess = suggestKey(key, CONFIG_KEYS);
    throw configError(parsed, [key], `has an unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''} (known: ${CONFIG_KEYS.join(', ')})`, true);
  }
  return { parsed, value };
}

/** The tree's config, or the defaults (the tht-master preset, every rule) when it has none. */
export async function loadLintConfig(files: TreeFiles): Promise<LintConfig> {
  const config = readConfig(files);
  if (config === undefined) return { policy: await loadPreset(DEFAULT_PRESET), ignore: [], select: [], heatLimits: [] };
  const { parsed, value } = config;
  const preset = value.preset ?? DEFAULT_PRESET;
  if (typeof preset !== 'string') throw configError(parsed, ['preset'], 'preset must be a preset name');
  let policy = await loadPreset(preset);
  if (typeof value.policy === 'string') {
    const own = loadPolicyOverrides(files, value.policy);
    policy = overridePolicy(policy, own.value, { parsed: own.parsed, path: [] });
  } else if (isMapping(value.policy)) {
    policy = overridePolicy(policy, value.policy, { parsed, path: ['policy'] });
  } else if (value.policy !== undefined && value.policy !== null) {
    throw configError(parsed, ['policy'], 'policy must be a file name or a mapping');
  }
  // The rule registry (every rule module) is loaded only to check the ids a config names.
  const ruleIds = await import('./engine.js');
  return { policy, ignore: idList(parsed, value, 'ignore', ruleIds), select: idList(parsed, value, 'select', ruleIds), heatLimits: heatLimitList(parsed, value) };
}

/**
 * Only the config's `heat_limits`, for the commands that are not lint (tht
 * schema, validate, preview): they need no policy and no rule registry, and
 * leave the rest of the file to lint to check.
 */
export function loadHeatLimitConfig(files: TreeFiles): HeatLimitOverride[] {
  const config = readConfig(files);
  return config === undefined ? [] : heatLimitList(config.parsed, config.value);
}

function heatLimitList(parsed: YamlFile, value: Record<string, unknown>): HeatLimitOverride[] {
  const given = value.heat_limits ?? {};
  if (!isMapping(given)) throw configError(parsed, ['heat_limits'], 'heat_limits must be a mapping of limit names to numbers');
  return Object.entries(given).map(([name, v]) => ({
    name,
    value: v,
    source: CONFIG_FILE,
    at: { file: parsed.name, ...parsed.position(['heat_limits', name], { key: true }) },
  }));
}

interface RuleIds {
  unknownRulePatterns(patterns: readonly string[]): string[];
  describeUnknownId(id: string): string;
}

function idList(parsed: YamlFile, value: Record<string, unknown>, key: string, { unknownRulePatterns, describeUnknownId }: RuleIds): string[] {
  const given = value[key] ?? [];
  const list = typeof given === 'string' ? [given] : given;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    throw configError(parsed, [key], `${key} must be a rule id or id prefix, or a list of them`);
  }
  const index = list.findIndex((id) => unknownRulePatterns([id as string]).length > 0);
  if (index >= 0) throw configError(parsed, typeof given === 'string' ? [key] : [key, index], `${key}: ${describeUnknownId(list[index] as string)} is not a rule id or id prefix`);
  return list as string[];
}

function configError(parsed: YamlFile, path: (string | number)[], what: string, key = false): ThtError {
  return new ThtError(`${CONFIG_FILE} ${what}`, {
    at: { file: parsed.name, ...parsed.position(path, { key }) },
    hint: 'See "tht lint" in the README for the format.',
  });
}
