/**
 * ajv validators for the list files (roles_data, network_data) and the service
 * templates' role_data outputs, described by schemas/*.json.
 *
 * Loading ajv and compiling the role schema costs ~80 ms, paid by every
 * command that reads roles, so `npm run build` precompiles them with ajv's
 * standalone code generator (scripts/build-validators.mjs) next to this
 * module's build output. Running from the sources (tests), where no
 * precompiled file exists, or with a schema newer than its precompiled
 * validator, compiles them with ajv on first use instead.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { packagePath } from './package-files.js';

export interface ListSchema {
  /** File name of the precompiled validator, without extension. */
  name: string;
  schemaFile: string;
  /** JSON pointer of the item schema inside its file. */
  itemPointer: string;
}

export const ROLE_LIST: ListSchema = { name: 'roles', schemaFile: 'role.schema.json', itemPointer: '' };
export const NETWORK_LIST: ListSchema = { name: 'networks', schemaFile: 'network_data.schema.json', itemPointer: '/definitions/network' };
/** The role_data output values of a tree's service templates, validated as one list. */
export const ROLE_DATA_LIST: ListSchema = { name: 'service-role-data', schemaFile: 'service-role-data.schema.json', itemPointer: '' };

const require = createRequire(import.meta.url);

/** The ajv options both ways of compiling share, so their findings are the same. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true } as const;

/** Compile the validator of a list of items into `ajv` (used at build time and as the fallback). */
export function compileListValidator(ajv: Ajv, list: ListSchema): ValidateFunction {
  const schema = JSON.parse(readFileSync(packagePath('schemas', list.schemaFile), 'utf8')) as { $id: string };
  if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
  return ajv.compile({ type: 'array', items: { $ref: `${schema.$id}#${list.itemPointer}` } });
}

const cache = new Map<ListSchema, ValidateFunction>();
let ajv: Ajv | undefined;

export function listValidator(list: ListSchema): ValidateFunction {
  let validate = cache.get(list);
  if (!validate) {
    validate = precompiled(list) ?? compileWithAjv(list);
    cache.set(list, validate);
  }
  return validate;
}

function precompiled(list: ListSchema): ValidateFunction | undefined {
  let file: string;
  try {
    file = require.resolve(`./validators/${list.name}.cjs`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  // `tsc` alone does not regenerate these: a schema edited since the last
  // `npm run build` must not be judged by the validator of its old text.
  if (statSync(packagePath('schemas', list.schemaFile)).mtimeMs > statSync(file).mtimeMs) return undefined;
  return (require(file) as { default: ValidateFunction }).default;
}

function compileWithAjv(list: ListSchema): ValidateFunction {
  if (!ajv) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    ajv = new AjvClass(AJV_OPTIONS);
  }
  return compileListValidator(ajv, list);
}
