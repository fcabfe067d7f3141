/**
 * Validation of roles_data and network_data against the JSON Schemas in
 * `schemas/`, with every finding placed at the file, line and column an
 * operator edits. A typo in these files otherwise surfaces an hour into a
 * deploy (a misspelt key is silently ignored by the templates, a quoted number
 * fails deep inside Heat), so: wrong types and missing names are errors,
 * unknown keys are warnings with a did-you-mean.
 *
 * Pure functions on a YamlFile: render, schema, lint and roles all call them
 * on the file they already parsed.
 */
import type { ErrorObject } from 'ajv';
import { ThtError } from './errors.js';
import { suggestKey } from './suggest.js';
import type { PathFinding } from './finding.js';
import { isMapping } from './values.js';
import { listValidator, NETWORK_LIST, ROLE_LIST, type ListSchema } from './schema-validators.js';
import type { PathSegment, YamlFile } from '../yaml/file.js';
import { jsonData } from '../yaml/json.js';

/**
 * A schema finding: DATA001 (error) where the file breaks the schema,
 * DATA002 (warning) for a key the schema does not know; with the path of
 * the node.
 */
export interface DataFinding extends PathFinding {
  code: 'DATA001' | 'DATA002';
  severity: 'error' | 'warning';
}

interface DataKind {
  /** What one list item is called in messages. */
  noun: 'role' | 'network';
  schema: ListSchema;
  /** An empty file: process-templates.py reads an empty network_data as no networks. */
  emptyIsList: boolean;
}

const ROLES: DataKind = { noun: 'role', schema: ROLE_LIST, emptyIsList: false };
const NETWORKS: DataKind = {
  noun: 'network',
  schema: NETWORK_LIST,
  emptyIsList: true,
};

/** Validate a parsed roles_data file (or a single role file of a roles/ folder: a list of one role). */
export function validateRolesData(parsed: YamlFile): DataFinding[] {
  return validateList(parsed, ROLES);
}

/** Validate a parsed network_data file. */
export function validateNetworkData(parsed: YamlFile): DataFinding[] {
  return validateList(parsed, NETWORKS);
}

/** How many further errors a thrown ThtError spells out before counting the rest. */
const LISTED_ERRORS = 5;

/**
 * Throws a ThtError placed at the first error-severity finding. The further
 * errors of the file follow in the same paragraph, so an operator fixes the
 * file in one pass rather than one error per run (render, schema and lint all
 * stop here before any template is read). Warnings are left to the caller.
 */
export function throwOnFirstError(findings: readonly DataFinding[]): void {
  const [first, ...more] = findings.filter((f) => f.severity === 'error');
  if (!first) return;
  const listed = more.slice(0, LISTED_ERRORS).map((f) => `${where(f)}: ${f.message}`);
  if (more.length > LISTED_ERRORS) listed.push(`and ${more.length - LISTED_ERRORS} more`);
  const others = more.length ? ` Also ${more.length} more error${more.length === 1 ? '' : 's'}: ${listed.join('; ')}.` : '';
  throw new ThtError(first.message, {
    at: { file: first.file, line: first.line, column: first.column },
    hint: `${first.hint ?? 'Fix the value at that position.'}${others}`,
  });
}

function where(f: DataFinding): string {
  return `${f.file}:${f.line}:${f.column}`;
}

function validateList(parsed: YamlFile, kind: DataKind): DataFinding[] {
  // The schemas are JSON Schemas: they see the data as JSON has it (1.0 is a number).
  const value = jsonData(parsed.value ?? (kind.emptyIsList ? [] : parsed.value));
  if (!Array.isArray(value)) {
    return [
      finding(parsed, 'error', [], `the ${kind.noun}s file must be a YAML list of ${kind.noun} mappings, each with a name`, {
        hint: `Start each ${kind.noun} with "- name: ${kind.noun === 'role' ? 'RoleName' : 'NetworkName'}".`,
      }),
    ];
  }
  const validate = listValidator(kind.schema);
  if (validate(value)) return [];
  const findings = collapse(validate.errors ?? []).map((e) => describe(parsed, value, kind, e));
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * An anyOf that fails reports each branch's failure too; keep only the anyOf
 * (described as a whole) so one bad value is one finding.
 */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => !anyOfs.some((prefix) => e.schemaPath.startsWith(prefix)));
}

function describe(parsed: YamlFile, list: unknown[], kind: DataKind, e: ErrorObject): DataFinding {
  const path = pointerToPath(list, e.instancePath);
  const [index, ...inner] = path as [number, ...PathSegment[]];
  const item = list[index];
  const itemName = isMapping(item) && typeof item.name === 'string' && item.name ? `"${item.name}"` : `#${index + 1}`;
  const subject = `${kind.noun} ${itemName}`;
  const where = inner.length ? `${subject}: ${dotted(inner)}` : subject;
  const parentSchema = e.parentSchema as { properties?: Record<string, unknown>; description?: string } | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(parentSchema?.properties ?? {});
      const guess = suggestKey(key, known);
      const within = inner.length ? ` in ${dotted(inner)}` : '';
      return finding(parsed, 'warning', [...path, key], `${subject}: unknown key "${key}"${within}${guess ? ` (did you mean "${guess}"?)` : ''}`, {
        key: true,
        hint: guess
          ? `The templates ignore unknown keys; rename it to "${guess}".`
          : `The templates ignore unknown keys. Known keys: ${known.join(', ')}.`,
      });
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return finding(parsed, 'error', path, `${where}: missing required key "${missing}"`, {
        hint: missing === 'name' ? `Add "name: ${kind.noun === 'role' ? 'RoleName' : 'NetworkName'}" to the ${kind.noun}.` : `Add "${missing}".`,
      });
    }
    case 'type': {
      const expected = ([] as string[]).concat((e.params as { type: string | string[] }).type);
      const actual = e.data;
      if (path.length === 1) {
        return finding(parsed, 'error', path, `${subject} must be a mapping, not ${valueWords(actual)}`, {
          hint: `Each list item must be a mapping with a name key.`,
        });
      }
      return finding(parsed, 'error', path, `${where} must be ${expected.map(typeWords).join(' or ')}, not ${valueWords(actual)}`, {
        hint: quotedScalarHint(actual, expected),
      });
    }
    case 'anyOf':
    case 'pattern':
      return finding(parsed, 'error', path, `${where} must be ${parentSchema?.description ?? 'a valid value'}, not ${valueWords(e.data)}`, {});
    case 'minLength':
      return finding(parsed, 'error', path, `${where} must not be empty`, {});
    case 'minimum':
    case 'maximum':
      return finding(parsed, 'error', path, `${where} ${e.message ?? 'is out of range'}, not ${valueWords(e.data)}`, {});
    default:
      return finding(parsed, 'error', path, `${where} ${e.message ?? 'is invalid'}`, {});
  }
}

function finding(
  parsed: YamlFile,
  severity: DataFinding['severity'],
  path: PathSegment[],
  message: string,
  opts: { key?: boolean; hint?: string },
): DataFinding {
  const { line, column } = parsed.position(path, { key: opts.key });
  const code = severity === 'error' ? 'DATA001' : 'DATA002';
  return { code, severity, message, ...(opts.hint ? { hint: opts.hint } : {}), file: parsed.name, line, column, path };
}

/** A JSON pointer into the value, with array indexes as numbers (what positionAt walks). */
export function pointerToPath(root: unknown, pointer: string): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(seg));
      node = node[Number(seg)];
    } else {
      path.push(seg);
      node = (node as Record<string, unknown> | undefined)?.[seg];
    }
  }
  return path;
}

export function dotted(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

export function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    default:
      return 'a mapping';
  }
}

/** A quoted `'3'` or `'true'` is the usual cause of a type error in these files. */
function quotedScalarHint(value: unknown, expected: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const asNumber = /^-?[0-9]+$/.test(value.trim());
  const asBool = /^(?:true|false|yes|no)$/i.test(value.trim());
  if ((expected.includes('integer') && asNumber) || (expected.includes('boolean') && asBool)) {
    return `Write ${value.trim()} without quotes.`;
  }
  return undefined;
}
