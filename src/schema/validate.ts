/**
 * `tht validate`: check an operator's environment files against the schema of
 * the tree they deploy (built with those same files, so services they enable
 * bring their parameters). Every finding carries the file, line and column of
 * the value (or key) it is about.
 */
import type { ValidateFunction } from 'ajv';
import { duplicateKeyFindings, formatFindings, positionedFinding, registryFindings } from '../heat/environment-checks.js';
import { ParameterIndex } from '../heat/parameter-index.js';
import type { Finding } from '../load/finding.js';
import { VALIDATE_CODES, type ValidateCode } from './validate-codes.js';
import { suggestKey } from '../load/suggest.js';
import type { PathSegment } from '../yaml/file.js';
import { sourcePosition } from '../heat/template.js';
import { pointerToPath } from '../load/data-schema.js';
import { isMapping } from '../load/values.js';
import { jsonData, toJson } from '../yaml/json.js';
import { compileJsonSchema, JSON_SCHEMA_DIALECT, type JsonSchema, type ParameterInfo, collectParameters, parameterSchema } from './json-schema.js';
import type { SchemaModel } from './model.js';

export { VALIDATE_CODES, type ValidateCode } from './validate-codes.js';

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
  let declared: ParameterIndex | undefined;
  /** A name no stack of this deployment uses: declared by a template the deployment leaves out (a warning), or by none (an error). */
  const reportUnknown = (name: string, where: string, add: (code: ValidateCode, message: string) => void) => {
    declared ??= treeParameterIndex(model);
    const file = declared.declaring(name)[0];
    if (file !== undefined) {
      add('ENV006', `"${name}"${where} is not used by this deployment: ${file} declares it, but no stack of the deployment is built from that template`);
      return;
    }
    const hint = declared.suggest(name);
    add('ENV005', `unknown parameter "${name}"${where}: no template of this tree declares it${hint ? `; did you mean "${hint}"?` : ''}`);
  };
  const roleParamNames = new Map(model.roles.map((r) => [`${r}Parameters`, r]));
  const findings: Finding[] = [];

  for (const key of model.userEnvironments) {
    const env = model.env.files.find((f) => f.file === key)!;
    const add = (code: ValidateCode, message: string, path: PathSegment[], isKey = false) =>
      findings.push({ code, severity: VALIDATE_CODES[code], message, ...sourcePosition(env.yaml, path, { key: isKey }) });

    for (const f of [...formatFindings(env), ...registryFindings(env, model.tree), ...duplicateKeyFindings(env.yaml)]) findings.push(positionedFinding(f, env.yaml));

    const checkValue = (name: string, info: ParameterInfo, value: unknown, path: PathSegment[]) => {
      const validate = validatorFor(info);
      if (!validate(jsonData(value))) {
        const err = validate.errors![0]!;
        add('ENV008', describeError(name, info, value, err), [...path, ...pointerToPath(value, err.instancePath)]);
      }
      if (info.deprecated) add('ENV011', `parameter "${name}" is deprecated`, path, true);
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
          const hint = suggestKey(name, [...rootParams]);
          add('ENV007', `unknown parameter "${name}": the parameters section takes only the root template's (overcloud.yaml) parameters; use parameter_defaults${hint ? `, or did you mean "${hint}"?` : ''}`, path, true);
          continue;
        }
        if (!info) {
          reportUnknown(name, '', (code, message) => add(code, message, path, true));
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
          reportUnknown(name, ` in ${role}Parameters`, (code, message) => add(code, message, at, true));
          continue;
        }
        if (!info.roleSpecific) {
          add('ENV009', `"${name}" is not tagged role_specific, so ${role}Parameters cannot override it; set it globally in parameter_defaults`, at, true);
          continue;
        }
        if (!info.roles.has(role)) {
          add('ENV010', `role ${role} deploys no service that uses "${name}"`, at, true);
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
 * The parameters every HOT template of the tree declares, over every YAML file
 * that reads as one (built only when a name is not in the deployment).
 */
function treeParameterIndex(model: SchemaModel): ParameterIndex {
  const templates: { file: string; names: string[] }[] = [];
  for (const key of model.tree.paths()) {
    if (!key.endsWith('.yaml') || key.startsWith('environments/')) continue;
    let value: unknown;
    try {
      value = model.tree.yaml(key).value;
    } catch {
      continue; // not YAML: nothing declared
    }
    if (isMapping(value) && 'heat_template_version' in value && isMapping(value.parameters)) templates.push({ file: key, names: Object.keys(value.parameters) });
  }
  return new ParameterIndex(templates);
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
