#!/usr/bin/env node
/**
 * Part of `npm run build`: precompile the roles/networks/role_data validators with
 * ajv's standalone code generator into dist/load/validators/, so commands do
 * not load ajv and compile the schemas at every start (see
 * src/load/schema-validators.ts). Runs after tsc, from the compiled module.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, compileListValidator, NETWORK_LIST, ROLE_DATA_LIST, ROLE_LIST } from '../dist/load/schema-validators.js';

const outDir = new URL('../dist/load/validators/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const list of [ROLE_LIST, NETWORK_LIST, ROLE_DATA_LIST]) {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const code = standalone.default(ajv, compileListValidator(ajv, list));
  writeFileSync(new URL(`${list.name}.cjs`, outDir), code);
}
