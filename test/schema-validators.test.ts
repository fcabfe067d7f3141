/**
 * The validators `npm run build` precompiles (dist/load/validators/) must
 * judge exactly as ajv compiling schemas/*.json at run time does.
 */
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, compileListValidator, NETWORK_LIST, ROLE_LIST } from '../src/load/schema-validators.js';
import { YamlFile } from '../src/yaml/file.js';
import { THT_MASTER } from './helpers/fixtures.js';

const require = createRequire(import.meta.url);
const built = (name: string) => new URL(`../dist/load/validators/${name}.cjs`, import.meta.url);

const read = (file: string) => new YamlFile(file, readFileSync(`${THT_MASTER}/${file}`, 'utf8')).value as Record<string, unknown>[];

describe.each([
  { list: ROLE_LIST, file: 'roles_data.yaml', breakIt: (v: Record<string, unknown>[]) => ((v[0]!.CountDefault = 'three'), (v[1]!.tagz = [])) },
  { list: NETWORK_LIST, file: 'network_data.yaml', breakIt: (v: Record<string, unknown>[]) => ((v[0]!.vlan = 'ten'), delete v[1]!.name) },
])('precompiled $list.name validator', ({ list, file, breakIt }) => {
  it('exists after npm run build', () => {
    expect(existsSync(built(list.name)), 'run npm run build first').toBe(true);
  });

  it('gives the same verdict and errors as a run-time compile', () => {
    const precompiled = (require(built(list.name).pathname) as { default: ValidateFunction }).default;
    const runtime = compileListValidator(new Ajv(AJV_OPTIONS), list);
    const good = read(file);
    expect(precompiled(good)).toBe(true);
    expect(runtime(good)).toBe(true);
    const bad = read(file);
    breakIt(bad);
    expect(precompiled(bad)).toBe(false);
    expect(runtime(bad)).toBe(false);
    const strip = (v: ValidateFunction) => v.errors!.map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
    expect(strip(precompiled)).toEqual(strip(runtime));
    expect(strip(runtime).length).toBeGreaterThan(0);
  });
});

describe('a schema edited after the build', () => {
  it('is compiled from its current text instead of using the stale precompiled validator', async () => {
    const schema = new URL('../schemas/role.schema.json', import.meta.url);
    const { atime, mtime } = statSync(schema);
    const precompiled = (require(built('roles').pathname) as { default: ValidateFunction }).default;
    // A fresh instance of the built module each time (its validator cache is per instance).
    const fresh = async (n: number) =>
      ((await import(`${new URL('../dist/load/schema-validators.js', import.meta.url).href}?fresh=${n}`)) as typeof import('../src/load/schema-validators.js'))
        .listValidator(ROLE_LIST);
    try {
      utimesSync(schema, atime, new Date(statSync(built('roles')).mtimeMs - 60_000));
      expect(await fresh(1)).toBe(precompiled);
      utimesSync(schema, atime, new Date(statSync(built('roles')).mtimeMs + 60_000));
      const recompiled = await fresh(2);
      expect(recompiled).not.toBe(precompiled);
      expect(recompiled([{ name: 'A', CountDefault: 'x' }])).toBe(false);
    } finally {
      utimesSync(schema, atime, mtime);
    }
  });
});
