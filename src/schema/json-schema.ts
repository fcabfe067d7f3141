/**
 * `tht schema --format json-schema`: a JSON Schema (2020-12) of what an
 * operator may set in `parameter_defaults`, one property per parameter name
 * reachable in the nested-stack tree. Types accept what Heat accepts for them
 * (Heat stringifies scalars for strings, parses numeric strings for numbers,
 * and takes "a,b" for lists), constraints become the matching keywords, and
 * `x-` annotations say where each parameter comes from.
 */
import { FALSE_STRINGS, TRUE_STRINGS } from '../heat/booleans.js';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ResolvedParameter, StackNode } from '../heat/stack.js';
import type { HotParameter } from '../heat/template.js';
import { roleOf, visit, type SchemaModel } from './model.js';
import { jsonData } from '../yaml/json.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The annotation keywords tht adds; register them (or use strict: false) to compile in strict mode. */
export const ANNOTATION_KEYWORDS = [
  'x-heat-type',
  'x-heat-allowed-pattern',
  'x-heat-custom-constraint',
  'x-heat-constraint-description',
  'x-heat-modulo',
  'x-tht-templates',
  'x-tht-roles',
  'x-tht-role-specific',
  'x-tht-role',
] as const;

export type JsonSchema = Record<string, unknown>;

/** What tht knows about one parameter name across the tree. */
export interface ParameterInfo {
  /** The first definition met (parents before children), as the flattened tree keeps. */
  first: ResolvedParameter;
  templates: Set<string>;
  roles: Set<string>;
  roleSpecific: boolean;
  deprecated: boolean;
}

/** Every parameter name of the tree with where it is declared and used. */
export function collectParameters(model: SchemaModel, root: StackNode = model.walk.root): Map<string, ParameterInfo> {
  const out = new Map<string, ParameterInfo>();
  visit(root, (node) => {
    const role = roleOf(model, node);
    const deprecatedHere = new Set(
      (node.template?.parameterGroups ?? []).filter((g) => g.label === 'deprecated').flatMap((g) => g.parameters),
    );
    for (const p of node.parameters) {
      let info = out.get(p.def.name);
      if (!info) {
        info = { first: p, templates: new Set(), roles: new Set(), roleSpecific: false, deprecated: false };
        out.set(p.def.name, info);
      }
      if (node.file) info.templates.add(node.file);
      if (role) info.roles.add(role);
      if (p.def.tags.includes('role_specific')) info.roleSpecific = true;
      if (deprecatedHere.has(p.def.name)) info.deprecated = true;
    }
  });
  return out;
}

/** Case-insensitive alternatives as a regex body (JSON Schema patterns have no flags). */
const anyCase = (words: readonly string[]): string =>
  words.map((w) => [...w].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('')).join('|');
/** The strings oslo's strict bool_from_string accepts. */
const BOOLEAN_STRING = `^(?:${anyCase(TRUE_STRINGS.flatMap((t, i) => [t, FALSE_STRINGS[i]!]))})$`;
const NUMBER_STRING = '^\\s*[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*$';
const SCALAR = ['string', 'number', 'boolean'];

/**
 * Allowed values of a string parameter plus the YAML scalars Heat turns into
 * them (it applies str() first: True -> "True", 1 -> "1").
 */
function withStringForms(values: readonly unknown[]): unknown[] {
  const out = [...values];
  for (const v of values) {
    if (v === 'True') out.push(true);
    else if (v === 'False') out.push(false);
    else if (typeof v === 'string' && /^-?\d+(?:\.\d+)?$/.test(v) && String(Number(v)) === v) out.push(Number(v));
  }
  return out;
}

/** A Python pattern as an anchored JS pattern, or undefined when JS cannot compile it. */
function jsPattern(pattern: string): string | undefined {
  // Heat requires the whole value to match (AllowedPattern: match.end() == len(value)).
  const anchored = `^(?:${pattern})$`;
  try {
    new RegExp(anchored, 'u');
    return anchored;
  } catch {
    return undefined;
  }
}

/** The schema of one parameter's value. */
export function parameterSchema(def: HotParameter, heatDefault: unknown): JsonSchema {
  const s: JsonSchema = {};
  switch (def.type) {
    case 'string':
      s.type = SCALAR;
      break;
    case 'number':
      s.type = ['number', 'string'];
      s.pattern = NUMBER_STRING;
      break;
    case 'boolean':
      s.type = ['boolean', 'string'];
      s.pattern = BOOLEAN_STRING;
      break;
    case 'comma_delimited_list':
      s.type = ['array', 'string'];
      s.items = { type: SCALAR };
      break;
    case 'json':
      s.type = ['object', 'array', 'string'];
      break;
  }
  if (def.label !== undefined) s.title = def.label;
  if (def.description !== undefined) s.description = def.description;
  if (heatDefault !== undefined && heatDefault !== null) s.default = heatDefault;
  if (def.hidden) s.writeOnly = true;
  s['x-heat-type'] = def.type;
  const descriptions: string[] = [];
  for (const c of def.constraints) {
    if (c.description !== undefined) descriptions.push(c.description);
    switch (c.kind) {
      case 'allowed_values': {
        const values = def.type === 'number' ? [...c.values, ...c.values.map(String)] : def.type === 'string' ? withStringForms(c.values) : c.values;
        if (def.type === 'comma_delimited_list') s.items = { type: SCALAR, enum: values };
        else s.enum = values;
        break;
      }
      case 'range':
        if (c.min !== undefined) s.minimum = c.min;
        if (c.max !== undefined) s.maximum = c.max;
        break;
      case 'length':
        // Heat's length counts characters of a string, items of a list and keys of a map.
        if (def.type === 'string') {
          if (c.min !== undefined) s.minLength = c.min;
          if (c.max !== undefined) s.maxLength = c.max;
        } else {
          if (c.min !== undefined) s.minItems = s.minProperties = c.min;
          if (c.max !== undefined) s.maxItems = s.maxProperties = c.max;
        }
        break;
      case 'allowed_pattern': {
        const p = jsPattern(c.pattern);
        if (p !== undefined && def.type === 'string') s.pattern = p;
        s['x-heat-allowed-pattern'] = c.pattern;
        break;
      }
      case 'custom_constraint':
        s['x-heat-custom-constraint'] = c.name;
        break;
      case 'modulo':
        if (c.step !== undefined && Number(c.offset ?? 0) === 0) s.multipleOf = c.step;
        s['x-heat-modulo'] = { step: c.step, offset: c.offset };
        break;
    }
  }
  if (descriptions.length > 0) s['x-heat-constraint-description'] = descriptions.join(' ');
  return s;
}

/** The heat Default of a parameter: parameter_defaults value if set, else the template default. */
const heatDefault = (p: ResolvedParameter): unknown => p.userDefault ?? p.def.default;

/** Build the JSON Schema for a (possibly narrowed) tree. */
export function buildJsonSchema(model: SchemaModel, root: StackNode = model.walk.root): JsonSchema {
  const params = collectParameters(model, root);
  const properties: Record<string, JsonSchema> = {};
  const names = [...params.keys()].sort();
  for (const name of names) {
    const info = params.get(name)!;
    const s = parameterSchema(info.first.def, heatDefault(info.first));
    if (info.deprecated) s.deprecated = true;
    if (info.roleSpecific) s['x-tht-role-specific'] = true;
    s['x-tht-templates'] = [...info.templates].sort();
    if (info.roles.size > 0) s['x-tht-roles'] = [...info.roles].sort();
    properties[name] = s;
  }
  // <Role>Parameters: per-role overrides of the parameters tagged role_specific. All of them, since an
  // environment that adds a service to a role brings that service's parameters with it.
  for (const role of model.roles) {
    const holder = properties[`${role}Parameters`];
    if (!holder) continue;
    const roleProps: Record<string, JsonSchema> = {};
    for (const name of names) {
      if (!params.get(name)!.roleSpecific) continue;
      // A reference keeps the document small and lets ajv compile each parameter once.
      roleProps[name] = { $ref: `#/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` };
    }
    Object.assign(holder, { type: 'object', properties: roleProps, additionalProperties: false, 'x-tht-role': role });
  }
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: 'parameter_defaults',
    description: 'Parameters an operator may set in the parameter_defaults of a Heat environment for this template tree.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

/**
 * Compile a schema from buildJsonSchema with ajv (strict, with the annotation
 * keywords registered). ajv knows JSON only: give it data through jsonData().
 */
export function compileJsonSchema(schema: JsonSchema): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, keywords: [...ANNOTATION_KEYWORDS] });
  return ajv.compile(jsonData(schema) as JsonSchema);
}
