/**
 * `tht schema --format heat`: the answer of Heat's template-validate with
 * show_nested (heat/engine/service.py validate_template, api.py
 * format_validate_parameter), keyed as Heat keys it.
 */
import { SCOPE_SEP, type Environment } from '../heat/environment.js';
import type { ResolvedParameter, StackNode } from '../heat/stack.js';
import type { HotParamType } from '../heat/template.js';
import { pythonTruthy } from '../heat/python-data.js';
import type { PyNumber } from '../yaml/python.js';

export interface HeatParameter {
  Type: string;
  Description: string;
  NoEcho: 'true' | 'false';
  Label: string;
  Default?: unknown;
  Value?: unknown;
  Tags?: string[];
  MinValue?: PyNumber;
  MaxValue?: PyNumber;
  MinLength?: PyNumber;
  MaxLength?: PyNumber;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  CustomConstraint?: string;
  Step?: PyNumber;
  Offset?: PyNumber;
  ConstraintDescription?: string;
}

export interface HeatNested {
  Type: string;
  Description: string;
  Parameters: Record<string, HeatParameter>;
  ParameterGroups?: unknown[];
  NestedParameters?: Record<string, HeatNested>;
}

export interface HeatValidateResult {
  Description: string;
  Parameters: Record<string, HeatParameter>;
  ParameterGroups?: unknown[];
  NestedParameters?: Record<string, HeatNested>;
  Environment: {
    parameters: Record<string, unknown>;
    parameter_defaults: Record<string, unknown>;
    resource_registry: Record<string, unknown>;
    event_sinks: unknown[];
  };
}

const HEAT_TYPES: Record<HotParamType, string> = {
  string: 'String',
  number: 'Number',
  comma_delimited_list: 'CommaDelimitedList',
  json: 'Json',
  boolean: 'Boolean',
};

/** One parameter as format_validate_parameter shows it. */
function heatParameter(p: ResolvedParameter): HeatParameter {
  const d = p.def;
  const out: HeatParameter = {
    Type: HEAT_TYPES[d.type],
    Description: d.description ?? '',
    NoEcho: d.hidden ? 'true' : 'false',
    Label: d.label ?? d.name,
  };
  // Heat's default() is the parameter_defaults value when set, else the template default, unparsed.
  const dflt = p.userDefault ?? d.default;
  if (dflt !== undefined && dflt !== null) out.Default = dflt;
  // Heat shows a Value only where it is true to Python.
  if (pythonTruthy(p.userValue)) out.Value = p.userValue;
  if (d.tags.length > 0) out.Tags = d.tags;
  const descriptions: string[] = [];
  // Constraints of one kind overwrite each other: the last one wins, as in Heat.
  for (const c of d.constraints) {
    if (c.description !== undefined) descriptions.push(c.description);
    switch (c.kind) {
      case 'range':
        if (c.min !== undefined) out.MinValue = c.min;
        if (c.max !== undefined) out.MaxValue = c.max;
        break;
      case 'length':
        if (c.min !== undefined) out.MinLength = c.min;
        if (c.max !== undefined) out.MaxLength = c.max;
        break;
      case 'allowed_values':
        out.AllowedValues = c.values;
        break;
      case 'allowed_pattern':
        out.AllowedPattern = c.pattern;
        break;
      case 'custom_constraint':
        out.CustomConstraint = c.name;
        break;
      case 'modulo':
        if (c.step !== undefined) out.Step = c.step;
        if (c.offset !== undefined) out.Offset = c.offset;
        break;
    }
  }
  if (descriptions.length > 0) out.ConstraintDescription = descriptions.join(' ');
  return out;
}

function parametersOf(node: StackNode): Record<string, HeatParameter> {
  const out: Record<string, HeatParameter> = {};
  for (const p of node.parameters) out[p.def.name] = heatParameter(p);
  return out;
}

function nestedOf(node: StackNode): Record<string, HeatNested> | undefined {
  if (node.children.length === 0) return undefined;
  const out: Record<string, HeatNested> = {};
  for (const c of node.children) out[c.name] = nested(c);
  return out;
}

function nested(node: StackNode): HeatNested {
  const n: HeatNested = { Type: node.type ?? '', Description: node.description, Parameters: parametersOf(node) };
  if (node.template?.rawParameterGroups) n.ParameterGroups = node.template.rawParameterGroups;
  const children = nestedOf(node);
  if (children) n.NestedParameters = children;
  return n;
}

/** The user environment as Heat's user_env_as_dict returns it (registry paths resolved). */
export function environmentAsDict(env: Environment): HeatValidateResult['Environment'] {
  const registry: Record<string, unknown> = {};
  for (const [type, e] of env.registry.global) registry[type] = e.target ?? e.value;
  // Rebuild the nesting of `resources:` (patterns from the root down to the resource).
  const resources: Record<string, unknown> = {};
  for (const [scope, m] of env.registry.perResource) {
    let level = resources;
    for (const pattern of scope.split(SCOPE_SEP)) level = (level[pattern] ??= {}) as Record<string, unknown>;
    for (const [type, e] of m) level[type] = e.target ?? e.value;
  }
  registry.resources = resources;
  return {
    parameters: env.parameters,
    parameter_defaults: env.parameterDefaults,
    resource_registry: registry,
    event_sinks: env.eventSinks,
  };
}

/** The whole validate answer for a (possibly narrowed) root stack. */
export function heatValidateResult(root: StackNode, env: Environment): HeatValidateResult {
  const out: HeatValidateResult = {
    Description: root.description,
    Parameters: parametersOf(root),
    Environment: environmentAsDict(env),
  };
  if (root.template?.rawParameterGroups) out.ParameterGroups = root.template.rawParameterGroups;
  const children = nestedOf(root);
  if (children) out.NestedParameters = children;
  // Heat puts Environment last; keep that order in the JSON.
  const { Environment: environment, ...rest } = out;
  return { ...rest, Environment: environment };
}
