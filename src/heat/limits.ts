/**
 * Heat's request and engine limits: one table (name, Heat's default, the
 * THT parameter TripleO's undercloud sets it with), used by tht validate,
 * tht lint and tht schema. The defaults are those the undercloud's Heat runs
 * with: what the tree's `environments/undercloud.yaml` sets, else Heat's
 * own default. `--heat-limit NAME=VALUE` and `.thtlint.yaml` (`heat_limits:`)
 * change them.
 */
import { ThtError } from '../load/errors.js';
import { suggestKey } from '../load/suggest.js';
import { isMapping } from '../load/values.js';
import type { VirtualTree } from './tree.js';

export interface HeatLimitDefinition {
  /** Heat's option name (`[yaql]` options as `yaql.NAME`). */
  name: string;
  /** Heat 19's default (heat/common/config.py, heat/common/wsgi.py, heat/engine/hot/functions.py). */
  heatDefault: number;
  /** The THT parameter that sets it on the undercloud's Heat (deployment/heat/heat-*-puppet.yaml). */
  undercloudParameter?: string;
  /** What is counted. */
  counts: string;
}

export const HEAT_LIMITS: readonly HeatLimitDefinition[] = [
  { name: 'max_template_size', heatDefault: 524288, counts: 'characters of a template as Heat receives it (the root: str() of the parsed template; every entry of files: its text as sent)' },
  { name: 'max_nested_stack_depth', heatDefault: 5, undercloudParameter: 'HeatMaxNestedStackDepth', counts: 'nesting depth of stacks (the root is 0; a group or chain is a stack of its own)' },
  { name: 'max_resources_per_stack', heatDefault: 1000, undercloudParameter: 'HeatMaxResourcesPerStack', counts: 'resources of one template (-1: no limit)' },
  { name: 'max_json_body_size', heatDefault: 1048576, undercloudParameter: 'HeatMaxJsonBodySize', counts: 'bytes of the JSON request heatclient sends' },
  { name: 'yaql.limit_iterators', heatDefault: 200, undercloudParameter: 'HeatYaqlLimitIterators', counts: 'items of a collection a yaql function takes' },
  { name: 'yaql.memory_quota', heatDefault: 10000, undercloudParameter: 'HeatYaqlMemoryQuota', counts: 'bytes of the values a yaql function takes or returns' },
];

export type HeatLimitName = 'max_template_size' | 'max_nested_stack_depth' | 'max_resources_per_stack' | 'max_json_body_size' | 'yaql.limit_iterators' | 'yaql.memory_quota';

export interface HeatLimitSetting {
  value: number;
  /** Where the value comes from: `Heat's default`, `environments/undercloud.yaml (HeatMaxNestedStackDepth)`, `--heat-limit`... */
  source: string;
}

export type HeatLimits = Record<HeatLimitName, HeatLimitSetting>;

/** A limit set by the user: `NAME=VALUE` text (or name and value), and where it was given (for messages). */
export interface HeatLimitOverride {
  name: string;
  value: unknown;
  source: string;
  /** Position of the setting, for a message. */
  at?: { file: string; line?: number; column?: number };
}

const UNDERCLOUD_ENVIRONMENT = 'environments/undercloud.yaml';

/** Parse `NAME=VALUE` (the --heat-limit option). */
export function parseHeatLimitOption(text: string): HeatLimitOverride {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    throw new ThtError(`--heat-limit wants NAME=VALUE, not "${text}"`, { hint: `Limits: ${HEAT_LIMITS.map((l) => l.name).join(', ')}.` });
  }
  return { name: text.slice(0, eq).trim(), value: text.slice(eq + 1).trim(), source: '--heat-limit' };
}

/** The limits for a tree: the undercloud's settings where the tree has them, Heat's defaults elsewhere, then the overrides. */
export function heatLimits(tree: VirtualTree | undefined, overrides: readonly HeatLimitOverride[] = []): HeatLimits {
  const undercloud = undercloudDefaults(tree);
  const limits = {} as HeatLimits;
  for (const def of HEAT_LIMITS) {
    const set = def.undercloudParameter === undefined ? undefined : undercloud[def.undercloudParameter];
    limits[def.name as HeatLimitName] = typeof set === 'number' && Number.isInteger(set)
      ? { value: set, source: `${UNDERCLOUD_ENVIRONMENT} (${def.undercloudParameter})` }
      : { value: def.heatDefault, source: "Heat's default" };
  }
  for (const o of overrides) {
    const def = HEAT_LIMITS.find((l) => l.name === o.name);
    if (!def) {
      const guess = suggestKey(o.name, HEAT_LIMITS.map((l) => l.name));
      throw new ThtError(`unknown Heat limit "${o.name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
        ...(o.at ? { at: o.at } : {}),
        hint: `Limits: ${HEAT_LIMITS.map((l) => l.name).join(', ')}.`,
      });
    }
    const value = typeof o.value === 'string' && /^\s*-?\d+\s*$/.test(o.value) ? Number(o.value) : o.value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -1) {
      throw new ThtError(`Heat limit ${o.name} must be a whole number (-1 for none), not "${String(o.value)}"`, {
        ...(o.at ? { at: o.at } : {}),
        hint: `Give it as ${o.name}=${def.heatDefault}.`,
      });
    }
    limits[def.name as HeatLimitName] = { value, source: o.source };
  }
  return limits;
}

/** parameter_defaults of the tree's undercloud environment, or {} when there is none. */
function undercloudDefaults(tree: VirtualTree | undefined): Record<string, unknown> {
  if (!tree?.has(UNDERCLOUD_ENVIRONMENT)) return {};
  try {
    const value = tree.yaml(UNDERCLOUD_ENVIRONMENT).value;
    return isMapping(value) && isMapping(value.parameter_defaults) ? value.parameter_defaults : {};
  } catch {
    return {};
  }
}

/** Whether a count is over a limit (a negative limit, -1, is none). */
export const overLimit = (n: number, limit: number): boolean => limit >= 0 && n > limit;
