/**
 * The HOT template model: one parsed template with its sections split out and
 * typed, keeping a way back to the YAML position of every piece.
 *
 * Parsing never throws for a malformed section: the model keeps what it can and
 * records each departure from HOT in `problems` (with the YAML path), so that
 * `tht lint` can report them and `tht schema` can carry on.
 */
import type { PathSegment, YamlFile } from '../yaml/file.js';
import { boolFromString } from './booleans.js';
import { isNumber, type PyNumber } from '../yaml/python.js';
import { numberFromText } from '../yaml/python-numbers.js';
import { isMapping } from '../load/values.js';

/** `{file, line, column}` of a YAML path in a file (1-based). */
export function sourcePosition(
  src: YamlFile,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): { file: string; line: number; column: number } {
  return { file: src.name, ...src.position(path, opts) };
}

/** Define `key` on `obj` as an enumerable getter computing once. */
export function defineLazy(obj: Record<string, unknown>, key: string, compute: () => unknown): void {
  let cached: unknown;
  let done = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        cached = compute();
        done = true;
      }
      return cached;
    },
  });
}

export type HotParamType = 'string' | 'number' | 'comma_delimited_list' | 'json' | 'boolean';
const HOT_PARAM_TYPES: readonly HotParamType[] = ['string', 'number', 'comma_delimited_list', 'json', 'boolean'];

/** Top-level sections HOT accepts. */
const HOT_SECTIONS = [
  'heat_template_version',
  'description',
  'parameter_groups',
  'parameters',
  'resources',
  'outputs',
  'conditions',
] as const;
/** Keys a resource definition may have. */
const RESOURCE_KEYS = [
  'type',
  'properties',
  'metadata',
  'depends_on',
  'deletion_policy',
  'update_policy',
  'condition',
  'external_id',
] as const;
const PARAMETER_KEYS = ['type', 'label', 'description', 'default', 'hidden', 'constraints', 'immutable', 'tags'] as const;
const OUTPUT_KEYS = ['value', 'description', 'condition'] as const;

/** HOT release names and the dates they stand for (`heat_template_version: rocky`). */
const VERSION_NAMES: Record<string, string> = {
  newton: '2016-10-14',
  ocata: '2017-02-24',
  pike: '2017-09-01',
  queens: '2018-03-02',
  rocky: '2018-08-31',
  wallaby: '2021-04-16',
};

/** One constraint of a parameter, as written. */
export type HotConstraint = { description?: string; path: PathSegment[] } & (
  | { kind: 'length' | 'range'; min?: PyNumber; max?: PyNumber }
  | { kind: 'modulo'; step?: PyNumber; offset?: PyNumber }
  | { kind: 'allowed_values'; values: unknown[] }
  | { kind: 'allowed_pattern'; pattern: string }
  | { kind: 'custom_constraint'; name: string }
);

export interface HotParameter {
  name: string;
  /** Declared type; `string` when missing or unknown (the problem is recorded). */
  type: HotParamType;
  hasDefault: boolean;
  /** The template default, raw (a CDL default may be a string or a list). */
  default?: unknown;
  description?: string;
  label?: string;
  hidden: boolean;
  immutable: boolean;
  tags: string[];
  constraints: HotConstraint[];
  /** YAML path of this parameter's definition. */
  path: PathSegment[];
}

export interface ParameterGroup {
  label?: string;
  description?: string;
  parameters: string[];
  /** The group exactly as written (Heat passes it through). */
  raw: unknown;
}

export interface HotResource {
  name: string;
  /** The `type:` as written; '' when missing (the problem is recorded). */
  type: string;
  properties: Record<string, unknown>;
  /** The `depends_on` names, each with its YAML path (the list item, or `depends_on` for a single name). */
  dependsOn: Array<{ name: string; path: PathSegment[] }>;
  /** The `condition:` as written (a name, a boolean or a condition expression). */
  condition?: unknown;
  metadata?: unknown;
  deletionPolicy?: unknown;
  updatePolicy?: unknown;
  path: PathSegment[];
}

export interface HotOutput {
  name: string;
  value: unknown;
  description?: string;
  condition?: unknown;
  path: PathSegment[];
}

export interface TemplateProblem {
  message: string;
  /** YAML path of the offending node. */
  path: PathSegment[];
  /** Point at the key rather than the value. */
  key?: boolean;
}

export interface HotTemplate {
  /** Virtual-tree key of the file. */
  file: string;
  /** The parsed file (positions of paths, repeated keys). */
  yaml: YamlFile;
  /** `heat_template_version` as written ('' if missing). */
  version: string;
  /** The version as a `YYYY-MM-DD` date ('' if unknown), for feature checks. */
  versionDate: string;
  description: string;
  parameterGroups: ParameterGroup[];
  /** The raw `parameter_groups` section, for pass-through output. */
  rawParameterGroups?: unknown[];
  parameters: Map<string, HotParameter>;
  resources: Map<string, HotResource>;
  outputs: Map<string, HotOutput>;
  /** Condition name -> definition, as written. */
  conditions: Map<string, unknown>;
  /** Top-level keys that are not HOT sections. */
  unknownSections: string[];
  problems: TemplateProblem[];
}

/** True for a YAML mapping (a plain object, not a list or null). */

/** `{file, line, column}` of a YAML path in a template. */
export function templatePosition(
  tmpl: HotTemplate,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): { file: string; line: number; column: number } {
  return sourcePosition(tmpl.yaml, path, opts);
}

/** Build the model of one HOT template. */
export function parseTemplate(source: YamlFile): HotTemplate {
  const problems: TemplateProblem[] = [];
  const top = isMapping(source.value) ? source.value : {};
  if (!isMapping(source.value)) problems.push({ message: 'a HOT template must be a mapping', path: [] });

  const version = top.heat_template_version === undefined ? '' : String(top.heat_template_version);
  if (version === '') problems.push({ message: 'missing heat_template_version', path: [] });
  const versionDate = VERSION_NAMES[version] ?? (/^\d{4}-\d{2}-\d{2}$/.test(version) ? version : '');
  if (version !== '' && versionDate === '') {
    problems.push({ message: `unknown heat_template_version "${version}"`, path: ['heat_template_version'] });
  }

  const section = (name: string): Record<string, unknown> => {
    const v = top[name];
    if (v === undefined || v === null) return {};
    if (isMapping(v)) return v;
    problems.push({ message: `section "${name}" must be a mapping`, path: [name] });
    return {};
  };

  const parameters = new Map<string, HotParameter>();
  for (const [name, def] of Object.entries(section('parameters'))) {
    parameters.set(name, parseParameter(name, def, versionDate, problems));
  }
  const resources = new Map<string, HotResource>();
  for (const [name, def] of Object.entries(section('resources'))) {
    resources.set(name, parseResource(name, def, problems));
  }
  // Outputs and resource properties are built when first read; reading
  // `problems` builds them all, so the list is complete for whoever asks.
  const deferred: Array<() => unknown> = [];
  let outputs: Map<string, HotOutput> | undefined;
  const buildOutputs = () => (outputs ??= parseOutputs(section('outputs'), problems));
  deferred.push(buildOutputs);
  for (const res of resources.values()) deferred.push(() => [res.properties, res.metadata, res.deletionPolicy, res.updatePolicy]);
  const conditions = new Map(Object.entries(section('conditions')));

  const rawGroups = top.parameter_groups;
  let parameterGroups: ParameterGroup[] = [];
  if (rawGroups !== undefined && rawGroups !== null) {
    if (Array.isArray(rawGroups)) {
      parameterGroups = rawGroups.map((g, i) => parseGroup(g, i, problems));
    } else {
      problems.push({ message: 'parameter_groups must be a list', path: ['parameter_groups'] });
    }
  }

  const unknownSections = Object.keys(top).filter((k) => !(HOT_SECTIONS as readonly string[]).includes(k));
  for (const k of unknownSections) problems.push({ message: `unknown top-level section "${k}"`, path: [k], key: true });

  return {
    file: source.name,
    yaml: source,
    version,
    versionDate,
    description: typeof top.description === 'string' ? top.description : '',
    parameterGroups,
    rawParameterGroups: Array.isArray(rawGroups) ? rawGroups : undefined,
    parameters,
    resources,
    get outputs() {
      return buildOutputs();
    },
    conditions,
    unknownSections,
    get problems() {
      for (const d of deferred) d();
      return problems;
    },
  };
}

/** An entry of a section (`parameters: {X: ...}`) as a mapping, recording a non-mapping and unknown keys. */
function entryMapping(
  kind: string,
  name: string,
  def: unknown,
  allowed: readonly string[],
  path: PathSegment[],
  problems: TemplateProblem[],
): Record<string, unknown> {
  if (!isMapping(def)) {
    problems.push({ message: `${kind} "${name}" must be a mapping`, path });
    return {};
  }
  for (const k of Object.keys(def)) {
    if (!allowed.includes(k)) problems.push({ message: `${kind} "${name}" has unknown key "${k}"`, path: [...path, k], key: true });
  }
  return def;
}

function parseOutputs(section: Record<string, unknown>, problems: TemplateProblem[]): Map<string, HotOutput> {
  const outputs = new Map<string, HotOutput>();
  for (const [name, def] of Object.entries(section)) {
    const path = ['outputs', name];
    const o = entryMapping('output', name, def, OUTPUT_KEYS, path, problems);
    outputs.set(name, {
      name,
      value: o.value,
      description: typeof o.description === 'string' ? o.description : undefined,
      condition: o.condition,
      path,
    });
  }
  return outputs;
}

function parseGroup(g: unknown, i: number, problems: TemplateProblem[]): ParameterGroup {
  const path = ['parameter_groups', i];
  if (!isMapping(g)) {
    problems.push({ message: 'a parameter group must be a mapping', path });
    return { parameters: [], raw: g };
  }
  const params = Array.isArray(g.parameters) ? g.parameters.map(String) : [];
  if (!Array.isArray(g.parameters)) problems.push({ message: 'a parameter group needs a "parameters" list', path });
  return {
    label: typeof g.label === 'string' ? g.label : undefined,
    description: typeof g.description === 'string' ? g.description : undefined,
    parameters: params,
    raw: g,
  };
}

function parseParameter(name: string, def: unknown, versionDate: string, problems: TemplateProblem[]): HotParameter {
  const path = ['parameters', name];
  const d = entryMapping('parameter', name, def, PARAMETER_KEYS, path, problems);
  let type: HotParamType = 'string';
  if (d.type === undefined) {
    problems.push({ message: `parameter "${name}" has no type`, path });
  } else if ((HOT_PARAM_TYPES as readonly unknown[]).includes(d.type)) {
    type = d.type as HotParamType;
  } else {
    problems.push({ message: `parameter "${name}" has unknown type "${String(d.type)}"`, path: [...path, 'type'] });
  }
  let tags: string[] = [];
  if (d.tags !== undefined) {
    if (versionDate !== '' && versionDate < '2018-03-02') {
      problems.push({ message: `parameter tags need heat_template_version 2018-03-02 (queens) or later`, path: [...path, 'tags'], key: true });
    }
    if (Array.isArray(d.tags)) tags = d.tags.map(String);
    else problems.push({ message: `tags of parameter "${name}" must be a list`, path: [...path, 'tags'] });
  }
  // A default of null counts as none, as in Heat (`schema.default is not None`).
  const hasDefault = d.default !== undefined && d.default !== null;
  return {
    name,
    type,
    hasDefault,
    default: hasDefault ? d.default : undefined,
    description: typeof d.description === 'string' ? d.description : undefined,
    label: typeof d.label === 'string' ? d.label : undefined,
    hidden: truthy(d.hidden),
    immutable: truthy(d.immutable),
    tags,
    constraints: parseConstraints(d.constraints, [...path, 'constraints'], problems),
    path,
  };
}

/** Heat reads `hidden`/`immutable` with bool-string semantics ('true', 'yes', true). */
function truthy(v: unknown): boolean {
  if (typeof v === 'string') return boolFromString(v) === true;
  return v === true || (isNumber(v) && Number(v) === 1);
}

/**
 * A constraint bound as Heat's Schema.get_num reads it (str_to_num): a
 * number as written (1.0 stays a float, as Heat shows it), a str through
 * Python's int(), else float().
 */
function num(v: unknown): PyNumber | undefined {
  if (isNumber(v)) return v;
  return typeof v === 'string' ? numberFromText(v) : undefined;
}

function parseConstraints(raw: unknown, path: PathSegment[], problems: TemplateProblem[]): HotConstraint[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ message: 'constraints must be a list', path });
    return [];
  }
  const out: HotConstraint[] = [];
  raw.forEach((c, i) => {
    const cpath = [...path, i];
    if (!isMapping(c)) {
      problems.push({ message: 'a constraint must be a mapping', path: cpath });
      return;
    }
    const description = typeof c.description === 'string' ? c.description : undefined;
    const kinds = Object.keys(c).filter((k) => k !== 'description');
    if (kinds.length !== 1) {
      problems.push({ message: `a constraint needs exactly one kind, found ${kinds.join(', ') || 'none'}`, path: cpath });
      return;
    }
    const kind = kinds[0]!;
    const v = c[kind];
    const at = [...cpath, kind];
    if (kind === 'length' || kind === 'range') {
      const m = isMapping(v) ? v : {};
      if (!isMapping(v)) problems.push({ message: `${kind} needs min and/or max`, path: at });
      out.push({ kind, min: num(m.min), max: num(m.max), description, path: at });
    } else if (kind === 'modulo') {
      const m = isMapping(v) ? v : {};
      out.push({ kind, step: num(m.step), offset: num(m.offset), description, path: at });
    } else if (kind === 'allowed_values') {
      if (!Array.isArray(v)) problems.push({ message: 'allowed_values must be a list', path: at });
      out.push({ kind, values: Array.isArray(v) ? v : [], description, path: at });
    } else if (kind === 'allowed_pattern') {
      out.push({ kind, pattern: String(v), description, path: at });
    } else if (kind === 'custom_constraint') {
      out.push({ kind, name: String(v), description, path: at });
    } else {
      problems.push({ message: `unknown constraint "${kind}"`, path: at, key: true });
    }
  });
  return out;
}

function parseResource(name: string, def: unknown, problems: TemplateProblem[]): HotResource {
  const path = ['resources', name];
  const d = entryMapping('resource', name, def, RESOURCE_KEYS, path, problems);
  if (typeof d.type !== 'string' || d.type === '') {
    problems.push({ message: `resource "${name}" has no type`, path });
  }
  let dependsOn: HotResource['dependsOn'] = [];
  if (typeof d.depends_on === 'string') dependsOn = [{ name: d.depends_on, path: [...path, 'depends_on'] }];
  else if (Array.isArray(d.depends_on)) dependsOn = d.depends_on.map((dep, i) => ({ name: String(dep), path: [...path, 'depends_on', i] }));
  else if (d.depends_on !== undefined && d.depends_on !== null) {
    problems.push({ message: 'depends_on must be a resource name or a list of them', path: [...path, 'depends_on'] });
  }
  const res = { name, type: typeof d.type === 'string' ? d.type : '', dependsOn, condition: d.condition, path } as HotResource;
  // Read only when asked: most resources of a big template are not nested stacks.
  defineLazy(res as unknown as Record<string, unknown>, 'properties', () => {
    if (isMapping(d.properties)) return d.properties;
    if (d.properties !== undefined && d.properties !== null) {
      problems.push({ message: `properties of resource "${name}" must be a mapping`, path: [...path, 'properties'] });
    }
    return {};
  });
  defineLazy(res as unknown as Record<string, unknown>, 'metadata', () => d.metadata);
  defineLazy(res as unknown as Record<string, unknown>, 'deletionPolicy', () => d.deletion_policy);
  defineLazy(res as unknown as Record<string, unknown>, 'updatePolicy', () => d.update_policy);
  return res;
}
