/**
 * The nested-stack walk recurses, so how deep it goes must be bounded by Heat's
 * max_nested_stack_depth (where Heat stops too) and, whatever the limit says,
 * by WALK_DEPTH_BOUND: a chain of templates thousands deep is a finding or a
 * clear error, never a stack overflow.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WALK_DEPTH_BOUND } from '../src/heat/stack.js';
import { runCli, tempDir } from './helpers/cli.js';

const CHAIN = 3 * WALK_DEPTH_BOUND;
let short: string;
let long: string;

/** A tree whose overcloud.yaml nests t1.yaml, which nests t2.yaml, ... down to t<length>.yaml. */
function chainTree(length: number): string {
  const tree = tempDir('tht-chain-');
  for (const f of ['roles_data.yaml', 'network_data.yaml']) copyFileSync(join('templates', f), join(tree, f));
  writeFileSync(join(tree, 'overcloud.yaml'), 'heat_template_version: rocky\nresources:\n  r:\n    type: t1.yaml\n');
  for (let i = 1; i <= length; i++) {
    const next = i < length ? `resources:\n  r:\n    type: t${i + 1}.yaml\n` : '';
    writeFileSync(join(tree, `t${i}.yaml`), `heat_template_version: rocky\n${next}`);
  }
  return tree;
}

beforeAll(() => {
  short = chainTree(50);
  long = chainTree(CHAIN);
});

describe('nested templates', () => {
  it("50 deep are refused where Heat's max_nested_stack_depth stops them", async () => {
    const run = await runCli('lint', '-p', short, '-f', 'json', '--select', 'HOT015');
    expect(run.code).toBe(1);
    const findings: { code: string; file: string; message: string }[] = JSON.parse(run.stdout);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'HOT015', file: expect.stringMatching(/t5\.yaml$/) });
    expect(findings[0]!.message).toMatch(/Recursion depth exceeds 5\b/);
    expect(run.stderr).not.toMatch(/internal error|RangeError/);
  });

  it(`${CHAIN} deep, even with no limit, stop with one clear error at the bound, not a stack overflow`, async () => {
    const run = await runCli('lint', '-p', long, '--heat-limit', 'max_nested_stack_depth=-1');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`stacks nest more than ${WALK_DEPTH_BOUND} deep`);
    expect(run.stderr).toContain(`t${WALK_DEPTH_BOUND}.yaml`);
    expect(run.stderr).not.toMatch(/internal error|RangeError|\n\s+at /);
  });
});
