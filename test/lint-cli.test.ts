/**
 * `tht lint` from the command line: output formats (SARIF checked against the
 * SARIF 2.1.0 JSON Schema), exit codes, rule selection, .thtlint.yaml and
 * inline suppression, on a small tree made of real THT master files.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath } from '../src/load/paths.js';
import { RULES } from '../src/lint/index.js';
import { formatFinding } from '../src/load/finding.js';
import { inFolder, runCli, tempDir } from './helpers/cli.js';
import { FIXTURES, GOLDEN, THT_MASTER } from './helpers/fixtures.js';

const AODH = 'deployment/aodh/aodh-api-container-puppet.yaml';
const TREE_FILES = ['roles_data.yaml', 'network_data.yaml', AODH, 'deployment/aodh/aodh-base.yaml', 'deployment/containers-common.yaml', 'deployment/database/mysql-client.yaml'];
const APACHE = 'deployment/apache/apache-baremetal-puppet.yaml';
const UNUSED = '  AodhNeverRead:\n    type: string\n    default: ""\n';

/** A small tree of real files, with an unused parameter seeded into the aodh template. */
function makeTree(edit: (aodh: string) => string = (t) => t.replace('\nparameters:\n', `\nparameters:\n${UNUSED}`), extra: Record<string, string> = {}): string {
  const root = join(tempDir('tht-lint-cli-'), 'tht');
  for (const f of TREE_FILES) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), readFileSync(join(THT_MASTER, f), 'utf8'));
  }
  // The apache service aodh nests is rendered in THT master; take the reference render.
  mkdirSync(join(root, 'deployment/apache'), { recursive: true });
  writeFileSync(join(root, APACHE), readFileSync(join(GOLDEN, 'tht-master-default', APACHE), 'utf8'));
  writeFileSync(join(root, AODH), edit(readFileSync(join(THT_MASTER, AODH), 'utf8')));
  for (const [f, text] of Object.entries(extra)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return root;
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('tht lint output formats', () => {
  // Run from the tree root, as CI does: the paths printed are then the tree's own.
  let root: string;
  let before: string;
  beforeAll(() => {
    root = makeTree();
    before = process.cwd();
    process.chdir(root);
  });
  afterAll(() => process.chdir(before));

  it('text: findings grouped by file, a summary footer, exit 0 on warnings only and 1 with --strict', async () => {
    const run = await runCli('lint', '-p', root, '--select', 'HOT011');
    expect(run.code).toBe(0);
    const line = lineOf(readFileSync(join(root, AODH), 'utf8'), 'AodhNeverRead');
    expect(run.stdout).toContain(`${AODH}\n  ${line}:3  warning  parameter AodhNeverRead is never used  HOT011\n`);
    expect(run.stdout).toMatch(/1 problem \(0 errors, 1 warning, 0 info\) in \d+ files of \., 1 rule\n$/);
    expect((await runCli('lint', '-p', root, '--select', 'HOT011', '--strict')).code).toBe(1);
  });

  it('json: an array of findings with paths that open from the current folder', async () => {
    const run = await runCli('lint', '-p', root, '-f', 'json', '--select', 'HOT011');
    const findings = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(findings).toEqual([
      { code: 'HOT011', severity: 'warning', file: AODH, line: lineOf(readFileSync(join(root, AODH), 'utf8'), 'AodhNeverRead'), column: 3, message: 'parameter AodhNeverRead is never used' },
    ]);
  });

  it('junit: one test case per rule run, failing for the rule with errors', async () => {
    const run = await runCli('lint', '-p', root, '-f', 'junit', '--select', 'HOT011,HOT004');
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="tht lint" tests="2" failures="0">/);
    expect(run.stdout).toContain('<testcase classname="tht.lint" name="HOT004: get_param names a parameter the template does not declare"/>');
    const broken = makeTree((t) => t.replace('{get_param: EndpointMap}', '{get_param: EndpointMapp}'));
    const failing = await inFolder(broken, () => runCli('lint', '-f', 'junit', '--select', 'HOT011,HOT004'));
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('<testsuites name="tht lint" tests="2" failures="1">');
    expect(failing.stdout).toMatch(/<testcase classname="tht.lint" name="HOT004: [^"]*">\n\s+<failure message="1 finding\(s\)" type="error">error: deployment\/aodh/);
  });

  it('junit: warnings are not failures unless --strict, so the report agrees with the exit code', async () => {
    const run = await runCli('lint', '-p', root, '-f', 'junit', '--select', 'HOT011');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<testsuites name="tht lint" tests="1" failures="0">');
    expect(run.stdout).not.toContain('<failure');
    // The warning is still in the report, as the test case's output.
    expect(run.stdout).toMatch(/<testcase classname="tht.lint" name="HOT011: [^"]*">\n\s+<system-out>warning: deployment\/aodh\/[^<]*AodhNeverRead/);
    const strict = await runCli('lint', '-p', root, '-f', 'junit', '--select', 'HOT011', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('failures="1"');
    expect(strict.stdout).toContain('<failure message="1 finding(s)" type="warning">');
  });

  it('github: workflow annotations with file, line and column', async () => {
    const run = await runCli('lint', '-p', root, '-f', 'github', '--select', 'HOT011');
    const line = lineOf(readFileSync(join(root, AODH), 'utf8'), 'AodhNeverRead');
    expect(run.stdout).toBe(`::warning file=${AODH},line=${line},col=3,title=HOT011::parameter AodhNeverRead is never used\n`);
  });
});

describe('SARIF output', () => {
  let validate: (data: unknown) => boolean;
  let errors: () => unknown;
  beforeAll(() => {
    // The official SARIF 2.1.0 schema (draft-04); ajv 8 reads it once the draft-04 `id` is renamed.
    const schema = JSON.parse(readFileSync(join(FIXTURES, 'lint', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    delete schema.id;
    // Its patterns are ECMAScript without the u flag.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
    const v = ajv.compile(schema);
    validate = (d) => v(d) as boolean;
    errors = () => v.errors;
  });

  it('validates against the SARIF 2.1.0 schema, with rules and a result per finding (THT master, rendered in memory)', async () => {
    const run = await runCli('lint', '-p', THT_MASTER, '-f', 'sarif', '--select', 'YAML002,ENV002');
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, any>[] }[] };
    expect(validate(log), JSON.stringify(errors())).toBe(true);
    expect(log.version).toBe('2.1.0');
    const [sarifRun] = log.runs;
    expect(sarifRun!.tool.driver.rules.map((r) => r.id)).toEqual(['YAML002', 'ENV002']);
    expect(sarifRun!.results.filter((r) => r.ruleId === 'ENV002' && r.level === 'error')).toHaveLength(9);
    // A finding in a rendered file points at its template, keeping the rendered position as a related location.
    const rendered = sarifRun!.results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'common/post.j2.yaml')!;
    expect(rendered.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('common/post.yaml');
    expect(rendered.relatedLocations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    // A plain file is located directly.
    const plain = sarifRun!.results.find((r) => r.ruleId === 'ENV002')!;
    expect(plain.locations[0].physicalLocation.artifactLocation.uri).toBe('environments/cinder-scaleio-config.yaml');
    expect(plain.locations[0].physicalLocation.region).toEqual({ startLine: 22, startColumn: 48 });
  });

  it('locates an -e file outside the tree by a file: URI, still valid SARIF', async () => {
    const env = join(tempDir('tht-lint-env-'), 'my env.yaml');
    writeFileSync(env, 'parameter_defaults:\n  AodhPasword: x\n');
    const run = await runCli('lint', '-p', makeTree(), '-e', env, '-f', 'sarif', '--select', 'ENV003');
    const log = JSON.parse(run.stdout) as { runs: { results: Record<string, any>[] }[] };
    expect(validate(log), JSON.stringify(errors())).toBe(true);
    const where = log.runs[0]!.results[0]!.locations[0].physicalLocation;
    expect(where.artifactLocation).toEqual({ uri: pathToFileURL(env).href });
    expect(where.artifactLocation.uri).toMatch(/my%20env\.yaml$/);
    expect(where.region).toEqual({ startLine: 2, startColumn: 3 });
  });

  it('a document that breaks the schema is rejected (the check can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });
});

describe('choosing rules and silencing findings', () => {
  it('--ignore and --select take ids and id prefixes', async () => {
    const root = makeTree((t) => t.replace('\nparameters:\n', `\nparameters:\n${UNUSED}`).replace('{get_param: EndpointMap}', '{get_param: EndpointMapp}'));
    const all = JSON.parse((await runCli('lint', '-p', root, '-f', 'json', '--select', 'HOT')).stdout) as { code: string }[];
    expect(all.map((f) => f.code).sort()).toEqual(['HOT004', 'HOT011']);
    const some = JSON.parse((await runCli('lint', '-p', root, '-f', 'json', '--select', 'HOT', '--ignore', 'HOT01')).stdout) as { code: string }[];
    expect(some.map((f) => f.code)).toEqual(['HOT004']);
    const run = await runCli('lint', '-p', root, '--select', 'hot004');
    expect(run.code).toBe(1);
  });

  it('an id or prefix that matches no rule is an error, not a silent no-op', async () => {
    const root = makeTree();
    const typo = await runCli('lint', '-p', root, '--select', 'HOT011,HTO');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no rule matches "HTO"/);
    const near = await runCli('lint', '-p', root, '--ignore', 'HOT0111');
    expect(near.code).toBe(2);
    expect(near.stderr).toMatch(/no rule matches "HOT0111" \(did you mean HOT011\?\)/);
    const config = makeTree(undefined, { '.thtlint.yaml': 'ignore:\n  - HOT011\n  - THT99\n' });
    const bad = await runCli('lint', '-p', config);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.thtlint\.yaml:3:5: .*"THT99" is not a rule id or id prefix/);
  });

  it('an inline comment on the line or the line before silences a rule, not two lines before', async () => {
    const count = async (edit: (t: string) => string) => {
      const run = await runCli('lint', '-p', makeTree(edit), '-f', 'json', '--select', 'HOT011');
      return (JSON.parse(run.stdout) as unknown[]).length;
    };
    const withParam = (param: string) => (t: string) => t.replace('\nparameters:\n', `\nparameters:\n${param}`);
    expect(await count(withParam(UNUSED))).toBe(1);
    expect(await count(withParam(`  # tht-lint: disable=HOT011\n${UNUSED}`))).toBe(0);
    expect(await count(withParam(UNUSED.replace('AodhNeverRead:', 'AodhNeverRead:  # tht-lint: disable=HOT0')))).toBe(0);
    expect(await count(withParam(`  # tht-lint: disable=HOT011\n\n${UNUSED}`))).toBe(1);
    expect(await count(withParam(`  # tht-lint: disable=HOT004\n${UNUSED}`))).toBe(1);
    // A reason after the ids does not swallow them, and a list may have spaces.
    expect(await count(withParam(`  # tht-lint: disable=HOT011 read by an out-of-tree role\n${UNUSED}`))).toBe(0);
    expect(await count(withParam(`  # tht-lint: disable=HOT004, HOT011\n${UNUSED}`))).toBe(0);
  });

  it('.thtlint.yaml ignores rules and overrides the policy; a misspelt key is an error', async () => {
    const ignoring = makeTree(undefined, { '.thtlint.yaml': 'ignore: [HOT011]\n' });
    expect(JSON.parse((await runCli('lint', '-p', ignoring, '-f', 'json', '--select', 'HOT')).stdout)).toEqual([]);
    const policy = makeTree((t) => t, { '.thtlint.yaml': 'policy:\n  heat_template_versions: [wallaby]\n' });
    const run = await inFolder(policy, () => runCli('lint', '-f', 'json', '--select', 'THT002'));
    expect((JSON.parse(run.stdout) as { file: string }[]).map((f) => f.file).sort()).toEqual(
      [...TREE_FILES.filter((f) => f.startsWith('deployment/')), APACHE].sort(),
    );
    expect(run.code).toBe(1);
    const typo = makeTree(undefined, { '.thtlint.yaml': 'policy:\n  heat_template_version: [wallaby]\n' });
    const bad = await runCli('lint', '-p', typo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.thtlint\.yaml:2:3: unknown policy key "heat_template_version"/);
    const wrongShape = makeTree(undefined, { '.thtlint.yaml': 'policy:\n  heat_template_versions: wallaby\n' });
    const shapeRun = await runCli('lint', '-p', wrongShape);
    expect(shapeRun.code).toBe(2);
    expect(shapeRun.stderr).toMatch(/policy key "heat_template_versions" must be a list/);
    // A mapping of settings replaces the preset's whole: a partial one is an error, not a crash in a rule.
    const partial = makeTree(undefined, { '.thtlint.yaml': "policy:\n  puppet_services:\n    match: '-puppet\\.yaml$'\n" });
    const partialRun = await runCli('lint', '-p', partial);
    expect(partialRun.code).toBe(2);
    expect(partialRun.stderr).toMatch(/\.thtlint\.yaml:2:3: policy key "puppet_services" lacks "overrides"/);
    const entry = makeTree(undefined, { '.thtlint.yaml': 'policy:\n  role_services:\n    - {role: ComputeHCI, base: Compute}\n' });
    expect((await runCli('lint', '-p', entry)).stderr).toMatch(/entry 1 of policy key "role_services" needs compare/);
    const word = makeTree(undefined, { '.thtlint.yaml': 'policy:\n  role_services:\n    - {role: ComputeHCI, base: Compute, compare: same}\n' });
    expect((await runCli('lint', '-p', word)).stderr).toMatch(/\.thtlint\.yaml:3:41: role_services compare must be one of equal, superset, same_set/);
    const badPattern = makeTree(undefined, { '.thtlint.yaml': "policy:\n  tooling_parameters:\n    - 'Password$'\n    - '(Key'\n" });
    const patternRun = await runCli('lint', '-p', badPattern);
    expect(patternRun.code).toBe(2);
    expect(patternRun.stderr).toMatch(/\.thtlint\.yaml:4:7: policy pattern "\(Key" is not a valid regular expression/);
  });
});

describe('tht lint paths, environments and exit codes', () => {
  it('finds the tree from a path inside it and reports only under that path', async () => {
    const root = makeTree();
    const run = await runCli('lint', join(root, 'deployment/aodh'), '-f', 'json');
    const files = (JSON.parse(run.stdout) as { file: string }[]).map((f) => f.file);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.startsWith(displayPath(join(root, 'deployment/aodh/')) + '/'))).toBe(true);
    // From a folder inside the tree, the printed paths are relative to it, and open from there.
    const inside = await inFolder(join(root, 'deployment'), () => runCli('lint', 'aodh', '-f', 'json'));
    const relative = (JSON.parse(inside.stdout) as { file: string }[]).map((f) => f.file);
    expect(relative).toEqual(files.map((f) => f.slice(displayPath(join(root, 'deployment')).length + 1)));
    expect(relative.every((f) => f.startsWith('aodh/') && existsSync(join(root, 'deployment', f)))).toBe(true);
  });

  it('takes paths relative to the tree given with -p, and rendered files by their rendered path', async () => {
    const j2 = 'environments/net-bond-with-vlans-no-external.j2.yaml';
    const root = makeTree(undefined, { [j2]: readFileSync(join(THT_MASTER, j2), 'utf8') });
    // The test runs from the repository, which has no deployment/ folder: the tree's is meant.
    const relative = await runCli('lint', '-p', root, 'deployment/aodh', '-f', 'json');
    expect(relative.code).toBe(0);
    expect((JSON.parse(relative.stdout) as { file: string }[]).every((f) => f.file.startsWith(displayPath(join(root, 'deployment/aodh')) + '/'))).toBe(true);
    const rendered = j2.replace('.j2.yaml', '.yaml');
    const run = await runCli('lint', '-p', root, join(root, rendered), '-f', 'json', '--select', 'ENV002');
    const findings = JSON.parse(run.stdout) as { file: string; template: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.file === displayPath(join(root, rendered)) && f.template === displayPath(join(root, j2)))).toBe(true);
  });

  it('checks an -e environment outside the tree, resolving its registry paths', async () => {
    const root = makeTree();
    const env = join(tempDir('tht-lint-env-'), 'my-env.yaml');
    writeFileSync(env, `resource_registry:\n  OS::TripleO::Services::AodhApi: ${root}/deployment/aodh/aodh-apii.yaml\nparameter_defaults:\n  AodhPasword: x\n`);
    const run = await runCli('lint', '-p', root, '-e', env, '-f', 'json', '--select', 'ENV');
    const findings = JSON.parse(run.stdout) as { code: string; file: string; line: number; message: string }[];
    expect(findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ['ENV002', displayPath(env), 2],
      ['ENV003', displayPath(env), 4],
    ]);
    expect(findings[1]!.message).toMatch(/did you mean AodhPassword\?/);
    expect(run.code).toBe(1);
  });

  it('reports a broken -e file as a finding, not a crash', async () => {
    const env = join(tempDir('tht-lint-env-'), 'broken.yaml');
    writeFileSync(env, 'parameter_defaults:\n  A: b: c\n');
    const run = await runCli('lint', '-p', makeTree(), '-e', env, '-f', 'json', '--select', 'YAML001,ENV,HOT009');
    expect((JSON.parse(run.stdout) as { code: string; file: string; line: number }[]).map((f) => [f.code, f.file, f.line])).toEqual([['YAML001', displayPath(env), 2]]);
    expect(run.code).toBe(1);
  });

  it('exits 2 when the input cannot be read', async () => {
    expect((await runCli('lint', '-p', join(tempDir(), 'missing'))).code).toBe(2);
    const root = makeTree();
    const missingPath = await runCli('lint', '-p', root, join(root, 'no-such-dir'));
    expect(missingPath.code).toBe(2);
    expect(missingPath.stderr).toMatch(/cannot find the path \S*no-such-dir: there is no \S*no-such-dir\. Give a path relative to the current folder, or to the template tree\./);
    const relativePath = await runCli('lint', '-p', root, 'no-such-dir');
    // Every place it looked: the current folder, then the tree.
    expect(relativePath.stderr).toContain(`cannot find the path no-such-dir: there is no no-such-dir and no ${displayPath(join(root, 'no-such-dir'))}.`);
    expect((await runCli('lint', '-p', root, '-f', 'xml')).code).toBe(2);
  });

  it('lists and explains the rules', async () => {
    const list = await runCli('lint', '--list-rules');
    expect(list.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(RULES.map((r) => r.meta.id));
    const explain = await runCli('lint', '--explain', 'env002');
    expect(explain.stdout).toMatch(/^ENV002 \(error\): resource_registry entry points at a file that does not exist\n\n/);
    expect((await runCli('lint', '--explain', 'NOPE1')).code).toBe(2);
    expect((await runCli('lint', '--explain', 'ENV02')).stderr).toBe('error: unknown rule "ENV02" (did you mean ENV002?). Run tht lint --list-rules for the ids.\n');
  });
});

describe('tht lint like the linters people know', () => {
  const withParam = (param: string) => (t: string) => t.replace('\nparameters:\n', `\nparameters:\n${param}`);
  const findings = async (root: string, ...args: string[]) =>
    JSON.parse((await inFolder(root, () => runCli('lint', '-f', 'json', ...args))).stdout) as { code: string; file: string; line: number; message: string }[];

  it('--max-warnings N: exit 1 above N warnings, as ESLint', async () => {
    const root = makeTree();
    expect((await runCli('lint', '-p', root, '--select', 'HOT011', '--max-warnings', '1')).code).toBe(0);
    const over = await runCli('lint', '-p', root, '--select', 'HOT011', '--max-warnings', '0');
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('error: 1 warning(s), more than --max-warnings 0 allows.\n');
    expect((await runCli('lint', '-p', root, '--max-warnings', 'many')).code).toBe(2);
  });

  it('-q reports errors only; -o FILE writes the report there', async () => {
    const root = makeTree(withParam(UNUSED).bind(null), {});
    const broken = makeTree((t) => withParam(UNUSED)(t).replace('{get_param: EndpointMap}', '{get_param: EndpointMapp}'));
    expect((await findings(root, '--select', 'HOT011,HOT004')).map((f) => f.code)).toEqual(['HOT011']);
    expect(await findings(root, '--select', 'HOT011,HOT004', '-q')).toEqual([]);
    expect((await findings(broken, '--select', 'HOT011,HOT004', '-q')).map((f) => f.code)).toEqual(['HOT004']);
    const quietText = await runCli('lint', '-p', root, '--select', 'HOT011', '-q');
    expect(quietText.stdout).toMatch(/^No problems \(0 errors, 0 warnings, 0 info\)/);
    const out = join(tempDir(), 'report.sarif');
    const written = await runCli('lint', '-p', broken, '-f', 'sarif', '-o', out, '--select', 'HOT004');
    expect(written).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results).toHaveLength(1);
  });

  it('an undeclared get_param one edit away from a declared one gets a did-you-mean', async () => {
    const broken = makeTree((t) => t.replace('{get_param: EndpointMap}', '{get_param: EndpointMapp}').replace('{get_param: RoleName}', '{get_param: SomethingElse}'));
    const messages = (await findings(broken, '--select', 'HOT004')).map((f) => f.message);
    expect(messages).toContain('get_param of undeclared parameter EndpointMapp; did you mean EndpointMap?');
    expect(messages).toContain('get_param of undeclared parameter SomethingElse');
  });

  it('# tht-lint: disable-file=ID silences a rule in the whole file', async () => {
    const two = `${UNUSED}  AodhAlsoNeverRead:\n    type: string\n`;
    const root = makeTree((t) => withParam(two)(t).replace('heat_template_version', '# tht-lint: disable-file=HOT011 kept for an out-of-tree role\nheat_template_version'));
    expect(await findings(root, '--select', 'HOT011,LINT001')).toEqual([]);
    const other = makeTree((t) => withParam(two)(t).replace('heat_template_version', '# tht-lint: disable-file=HOT004\nheat_template_version'));
    expect((await findings(other, '--select', 'HOT011')).map((f) => f.code)).toEqual(['HOT011', 'HOT011']);
  });

  it('a disable comment that names no rule, or silences nothing, is a LINT001 warning', async () => {
    const root = makeTree((t) =>
      withParam(`  # tht-lint: disable=HOTT011\n${UNUSED}  # tht-lint: disable=HOT004\n  AodhQuiet:  # tht-lint: disable=HOT011\n    type: string\n`)(t),
    );
    const found = await findings(root, '--select', 'HOT011,HOT004,LINT001');
    const lint = found.filter((f) => f.code === 'LINT001');
    const text = readFileSync(join(root, AODH), 'utf8');
    expect(lint.map((f) => [f.line, f.message])).toEqual([
      [lineOf(text, 'disable=HOTT011'), 'tht-lint comment names no rule: "HOTT011" (did you mean HOT011?)'],
      [lineOf(text, 'disable=HOT004'), 'tht-lint comment disables HOT004, but there is no HOT004 finding on this line or the next to silence'],
    ]);
    // The typo silenced nothing; the used comment is not reported.
    expect(found.filter((f) => f.code === 'HOT011').map((f) => f.message)).toEqual(['parameter AodhNeverRead is never used']);
    // A comment for a rule that did not run is not judged, and LINT001 can be turned off like any rule.
    expect((await findings(root, '--select', 'HOT011,LINT001')).filter((f) => f.code === 'LINT001')).toHaveLength(1);
    expect((await findings(root, '--select', 'HOT011,HOT004')).filter((f) => f.code === 'LINT001')).toEqual([]);
  });

  it('a comment in a template rendered per role counts once, and as used when any rendering uses it', async () => {
    const j2 = 'deployment/aodh/extra.role.j2.yaml';
    const template = [
      'heat_template_version: wallaby',
      'parameters:',
      '  # tht-lint: disable=HOT011',
      '  ReadByCompute:',
      '    type: string',
      '  # tht-lint: disable=HOT004',
      '  Plain:',
      '    type: string',
      'outputs:',
      '  plain: {value: {get_param: Plain}}',
      '{% if role.name == "Compute" %}',
      '  read: {value: {get_param: ReadByCompute}}',
      '{% endif %}',
      '',
    ].join('\n');
    const root = makeTree(undefined, { [j2]: template });
    const lint = (await findings(root, '--select', 'HOT011,HOT004,LINT001')).filter((f) => f.code === 'LINT001');
    // The HOT011 comment silences a finding in the Controller rendering only: used. The HOT004 one is stale in every rendering: one warning.
    expect(lint.map((f) => f.message)).toEqual(['tht-lint comment disables HOT004, but there is no HOT004 finding on this line or the next to silence']);
  });

  it('.thtlint.yaml takes one rule id as a plain string', async () => {
    const root = makeTree(undefined, { '.thtlint.yaml': 'ignore: HOT011\n' });
    expect(await findings(root, '--select', 'HOT')).toEqual([]);
    const bad = makeTree(undefined, { '.thtlint.yaml': 'ignore: HOTT\n' });
    const run = await inFolder(bad, () => runCli('lint'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: \.thtlint\.yaml:1:9: \.thtlint\.yaml ignore: "HOTT" is not a rule id or id prefix\./);
  });
});

describe('tht lint prints the render warnings as tht render does', () => {
  it('on standard error, in every format, and not with -q', async () => {
    const root = makeTree();
    symlinkSync('/etc/passwd', join(root, 'passwd.yaml'));
    const warning = (await runCli('render', '-p', root, '--dry-run')).stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warning).toEqual([expect.stringMatching(/passwd\.yaml: left out \(never read or copied\): it is a symbolic link to \/etc\/passwd, outside the tree\.$/)]);
    const text = await runCli('lint', '-p', root);
    expect(text.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual(warning);
    const json = await runCli('lint', '-p', root, '-f', 'json');
    expect(json.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual(warning);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    expect((await runCli('lint', '-p', root, '-q')).stderr).toBe('');
    const { lint } = await import('../src/api/lint.js');
    const { warnings } = await lint({ templates: root });
    expect(warnings.map(formatFinding)).toEqual(warning.map((w) => w.slice('warning: '.length)));
    expect(warnings.map((w) => [w.code, w.severity, w.line])).toEqual([['REN001', 'warning', 0]]);
  });
});
