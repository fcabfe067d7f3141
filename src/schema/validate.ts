/**
 * `tht validate`: check an operator's environment files against the schema of
 * the tree they deploy (built with those same files, so services they enable
 * bring their parameters). Every finding carries the file, line and column of
 * the value (or key) it is about.
 */
import type { HeatRejection } from '../heat/rejections.js';
import type { ValidateFunction } from 'ajv';
import type { PathSegment } from '../yaml/file.js';
import { sourcePosition } from '../heat/template.js';
import { pointerToPath } from '../load/data-schema.js';
import { isMapping } from '../load/values.js';
import { jsonData, toJson } from '../yaml/json.js';
import { compileJsonSchema, JSON_SCHEMA_DIALECT, type JsonSchema, type ParameterInfo, collectParameters, parameterSchema } from './json-schema.js';
import type { SchemaModel } from './model.js';

export type FindingKind =
  | 'environment-format'
  | 'unknown-parameter'
  | 'unused-parameter'
  | 'invalid-value'
  | 'not-role-specific'
  | 'role-does-not-use'
  | 'deprecated-parameter'
  | 'missing-template'
  // What Heat refuses in the deployment itself (src/heat/rejections.ts).
  | HeatRejection['code'];

export interface Finding {
  kind: FindingKind;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
}

/** Levenshtein distance, for did-you-mean. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest known name, if it is close enough to be a likely typo. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    if (Math.abs(k.length - name.length) > bestD) continue;
    const d = distance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 5)) ? best : undefined;
}

const jsType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'mapping' : typeof v);

/** Validate the operator's environment files (model.userEnvironments) of a built model. */
export function validateEnvironments(model: SchemaModel): Finding[] {
  const params = collectParameters(model);
  const validators = new Map<ParameterInfo, ValidateFunction>();
  const validatorFor = (info: ParameterInfo): ValidateFunction => {
    let v = validators.get(info);
    if (!v) {
      v = compileJsonSchema({ $schema: JSON_SCHEMA_DIALECT, ...parameterSchema(info.first.def, undefined) });
      validators.set(info, v);
    }
    return v;
  };
  const rootParams = new Set(model.walk.root.parameters.map((p) => p.def.name));
  let declared: Map<string, string> | undefined;
  /** A name no stack of this deployment uses: declared by a template the deployment leaves out (a warning), or by none (an error). */
  const reportUnknown = (name: string, where: string, known: Iterable<string>, add: (kind: FindingKind, severity: Finding['severity'], message: string) => void) => {
    declared ??= declaredParameters(model);
    const file = declared.get(name);
    if (file !== undefined) {
      add('unused-parameter', 'warning', `"${name}"${where} is not used by this deployment: ${file} declares it, but no stack of the deployment is built from that template`);
      return;
    }
    const hint = didYouMean(name, known);
    add('unknown-parameter', 'error', `unknown parameter "${name}"${where}: no template of this tree declares it${hint ? `; did you mean "${hint}"?` : ''}`);
  };
  const roleParamNames = new Map(model.roles.map((r) => [`${r}Parameters`, r]));
  const findings: Finding[] = [];

  for (const key of model.userEnvironments) {
    const env = model.env.files.find((f) => f.file === key)!;
    const add = (kind: FindingKind, severity: Finding['severity'], message: string, path: PathSegment[], isKey = false) =>
      findings.push({ kind, severity, message, ...sourcePosition(env.source, path, { key: isKey }) });

    for (const p of env.problems) add('environment-format', 'error', p.message, p.path, p.key);

    const checkValue = (name: string, info: ParameterInfo, value: unknown, path: PathSegment[]) => {
      const validate = validatorFor(info);
      if (!validate(jsonData(value))) {
        const err = validate.errors![0]!;
        add('invalid-value', 'error', describeError(name, info, value, err), [...path, ...pointerToPath(value, err.instancePath)]);
      }
      if (info.deprecated) add('deprecated-parameter', 'warning', `parameter "${name}" is deprecated`, path, true);
    };

    const sections: Array<['parameters' | 'parameter_defaults', Record<string, unknown>]> = [
      ['parameters', env.parameters],
      ['parameter_defaults', env.parameterDefaults],
    ];
    for (const [section, values] of sections) {
      for (const [name, value] of Object.entries(values)) {
        const path = [section, name];
        const info = params.get(name);
        if (section === 'parameters' && !rootParams.has(name)) {
          // Heat rejects these: the parameters section is for the root template only.
          const hint = didYouMean(name, rootParams);
          add('unknown-parameter', 'error', `unknown parameter "${name}": the parameters section takes only the root template's (overcloud.yaml) parameters; use parameter_defaults${hint ? `, or did you mean "${hint}"?` : ''}`, path, true);
          continue;
        }
        if (!info) {
          reportUnknown(name, '', params.keys(), (kind, severity, message) => add(kind, severity, message, path, true));
          continue;
        }
        if (value === null) continue;
        const role = roleParamNames.get(name);
        if (role !== undefined && isMapping(value)) {
          checkRoleParameters(role, value, path);
        } else {
          checkValue(name, info, value, path);
        }
      }
    }

    function checkRoleParameters(role: string, values: Record<string, unknown>, path: PathSegment[]) {
      for (const [name, value] of Object.entries(values)) {
        const at = [...path, name];
        const info = params.get(name);
        if (!info) {
          reportUnknown(name, ` in ${role}Parameters`, params.keys(), (kind, severity, message) => add(kind, severity, message, at, true));
          continue;
        }
        if (!info.roleSpecific) {
          add('not-role-specific', 'error', `"${name}" is not tagged role_specific, so ${role}Parameters cannot override it; set it globally in parameter_defaults`, at, true);
          continue;
        }
        if (!info.roles.has(role)) {
          add('role-does-not-use', 'warning', `role ${role} deploys no service that uses "${name}"`, at, true);
        }
        if (value !== null) checkValue(name, info, value, at);
      }
    }

  }
  // Files in the order given, then by position.
  const order = new Map(model.userEnvironments.map((k, i) => [k, i]));
  return findings.sort((a, b) => (order.get(a.file)! - order.get(b.file)!) || a.line - b.line || a.column - b.column);
}

/**
 * Parameter name -> the first template of the tree that declares it, over every YAML file of
 * the tree that reads as a HOT template (built only when a name is not in the deployment).
 */
function declaredParameters(model: SchemaModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of model.tree.paths()) {
    if (!key.endsWith('.yaml') || key.startsWith('environments/')) continue;
    let value: unknown;
    try {
      value = model.tree.yaml(key).value;
    } catch {
      continue; // not YAML: nothing declared
    }
    if (!isMapping(value) || !('heat_template_version' in value) || !isMapping(value.parameters)) continue;
    for (const name of Object.keys(value.parameters)) if (!out.has(name)) out.set(name, key);
  }
  return out;
}

function describeError(name: string, info: ParameterInfo, value: unknown, err: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  const type = info.first.def.type;
  const schema: JsonSchema = parameterSchema(info.first.def, undefined);
  switch (err.keyword) {
    case 'type':
      return `"${name}" is a ${type} parameter; got a ${jsType(value)}`;
    case 'pattern':
      if (type === 'number') return `"${name}" is a number parameter; "${String(value)}" is not a number`;
      if (type === 'boolean') return `"${name}" is a boolean parameter; "${String(value)}" is not a boolean`;
      return `"${name}" must match ${String(schema['x-heat-allowed-pattern'])}${describeConstraint(schema)}`;
    case 'enum': {
      const allowed = info.first.def.constraints.find((c) => c.kind === 'allowed_values');
      const values = allowed?.kind === 'allowed_values' ? allowed.values : err.params.allowedValues;
      return `"${name}" must be one of ${toJson(values, 0)}${describeConstraint(schema)}`;
    }
    default:
      return `"${name}" ${err.message ?? 'is invalid'}${describeConstraint(schema)}`;
  }
}

function describeConstraint(schema: JsonSchema): string {
  const d = schema['x-heat-constraint-description'];
  return typeof d === 'string' ? ` (${d.trim()})` : '';
}
