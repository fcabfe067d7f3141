/**
 * Test input for the Heat model: the THT master fixture rendered in memory by
 * renderTree (the same input the CLI uses), once per variant per test file.
 */
import { renderTree } from '../../src/render/index.js';
import type { RenderResult } from '../../src/render/types.js';
import { THT_MASTER } from './fixtures.js';

export const THT = THT_MASTER;

const ROLES = { default: 'roles_data.yaml', allroles: '../roles_data_all.yaml' } as const;
const cache = new Map<string, Promise<RenderResult>>();

/** tht-master rendered with its default roles or with test/fixtures/roles_data_all.yaml. */
export function renderFixture(variant: keyof typeof ROLES = 'default'): Promise<RenderResult> {
  let r = cache.get(variant);
  if (!r) {
    r = renderTree({ templatesDir: THT, rolesData: ROLES[variant] });
    cache.set(variant, r);
  }
  return r;
}
