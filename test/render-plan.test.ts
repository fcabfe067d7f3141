/**
 * Render rules that depend on the tree: the data preparation of the tree's
 * own process-templates.py, outputs two roles share, and empty folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTree } from '../src/render/index.js';
import { runCli, tempDir, treeOf as tree } from './helpers/cli.js';

const ROLES = '- name: BlockStorage\n- name: Compute\n  tags: [external_bridge]\n';
const NETWORKS = '- name: InternalApi\n';
const TEMPLATE = '{% for role in roles %}{{role.name}}: {{role.tags|default([])}}\n{% endfor %}{{ networks }}\n';

describe("the tree's own process-templates.py decides the data preparation", () => {
  // The real script of each THT release is bigger; what matters is whether it has these steps.
  const MASTER_SCRIPT = "def _set_tags_based_on_role_name(role_data):\n    pass\n_set_tags_based_on_role_name(role_data)\nnetwork_data[idx].update({'idx': idx})\n";
  const TRAIN_SCRIPT = "for n in network_data:\n    if not n.get('name_lower'):\n        pass\n";

  it('master: tags from role names and network indexes', async () => {
    const root = tree({ 'x.j2.yaml': TEMPLATE, 'roles_data.yaml': ROLES, 'network_data.yaml': NETWORKS, 'tools/process-templates.py': MASTER_SCRIPT });
    const [file] = (await renderTree({ templatesDir: root })).files;
    expect(file!.content).toBe("BlockStorage: ['storage']\nCompute: ['external_bridge', 'compute']\n[{'name': 'InternalApi', 'idx': 0, 'name_lower': 'internalapi'}]");
  });

  it('train and older: neither', async () => {
    const root = tree({ 'x.j2.yaml': TEMPLATE, 'roles_data.yaml': ROLES, 'network_data.yaml': NETWORKS, 'tools/process-templates.py': TRAIN_SCRIPT });
    const [file] = (await renderTree({ templatesDir: root })).files;
    expect(file!.content).toBe("BlockStorage: []\nCompute: ['external_bridge']\n[{'name': 'InternalApi', 'name_lower': 'internalapi'}]");
  });

  it('no script in the tree: the newest behaviour', async () => {
    const root = tree({ 'x.j2.yaml': TEMPLATE, 'roles_data.yaml': ROLES, 'network_data.yaml': NETWORKS });
    const [file] = (await renderTree({ templatesDir: root })).files;
    expect(file!.content).toMatch(/^BlockStorage: \['storage'\]/);
  });
});

describe('outputs two roles of one template share', () => {
  it('keeps the last role, as the reference (which writes the file twice) does, with a warning', async () => {
    const root = tree({
      'network/config/single-nic/role.role.j2.yaml': 'role: {{role.name}}\n',
      'roles_data.yaml': '- name: Controller\n- name: ControllerSriov\n  deprecated_nic_config_name: controller.yaml\n',
      'network_data.yaml': '',
    });
    const result = await renderTree({ templatesDir: root });
    expect(result.files.map((f) => [f.path, f.content])).toEqual([['network/config/single-nic/controller.yaml', 'role: ControllerSriov']]);
    expect(result.warnings).toEqual([
      {
        code: 'REN002',
        severity: 'warning',
        file: join(root, 'network/config/single-nic/role.role.j2.yaml'),
        line: 0,
        column: 0,
        message: 'role Controller and role ControllerSriov both render network/config/single-nic/controller.yaml; the later one is kept, as process-templates.py does.',
      },
    ]);
  });

  it('refuses two different templates writing one file', async () => {
    const root = tree({ 'a.j2.yaml': 'a\n', 'a.role.j2.yaml': 'b\n', 'roles_data.yaml': '- name: X\n', 'network_data.yaml': '' });
    const twins = tree({ 'p/x-a.j2.yaml': '1\n', 'p/a.role.j2.yaml': '2\n', 'roles_data.yaml': '- name: X\n', 'network_data.yaml': '' });
    expect((await renderTree({ templatesDir: root })).files).toHaveLength(2);
    await expect(renderTree({ templatesDir: twins })).rejects.toThrow(/both render p\/x-a\.yaml/);
  });
});

describe('-o copies', () => {
  it('recreate folders whose only files are hidden, as the reference does', async () => {
    const root = tree({ 'x.j2.yaml': 'x\n', 'docs/_static/.placeholder': '', 'roles_data.yaml': '- name: X\n', 'network_data.yaml': '' });
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    expect(statSync(join(out, 'docs/_static')).isDirectory()).toBe(true);
    expect(readFileSync(join(out, 'x.yaml'), 'utf8')).toBe('x');
  });
});

describe('process-templates.py rules on small trees', () => {
  const data = { 'roles_data.yaml': '- name: Controller\n- name: Compute\n' };

  it('an empty networks file is no networks', async () => {
    const root = tree({ ...data, 'network_data.yaml': '', 'n/network.network.j2.yaml': 'x\n', 'all.j2.yaml': '{{ networks }}\n' });
    const result = await renderTree({ templatesDir: root });
    expect(result.files.map((f) => [f.path, f.content])).toEqual([['all.yaml', '[]']]);
  });

  it('skips disabled networks for per-network templates but keeps them in networks', async () => {
    const root = tree({
      ...data,
      'network_data.yaml': '- name: Storage\n- name: Management\n  enabled: false\n',
      'network/network.network.j2.yaml': '{{ network.name_lower }}\n',
      'network/ports/port.network.j2.yaml': 'port {{ network.name }}\n',
      'all.j2.yaml': '{% for n in networks %}{{ n.name }}={{ n.name_lower }};{% endfor %}\n',
    });
    const files = Object.fromEntries((await renderTree({ templatesDir: root })).files.map((f) => [f.path, f.content]));
    expect(files).toEqual({
      'all.yaml': 'Storage=storage;Management=;',
      'network/ports/storage.yaml': 'port Storage',
      'network/storage.yaml': 'storage',
    });
  });

  it('gives templates without the {{role.name}} marker the role name, as the old form did', async () => {
    const root = tree({ ...data, 'network_data.yaml': '', 'old.role.j2.yaml': '{{ role }}|{{ role.name }}\n', 'new.role.j2.yaml': '{{role.name}}\n' });
    const files = Object.fromEntries((await renderTree({ templatesDir: root })).files.map((f) => [f.path, f.content]));
    expect(files['controller-old.yaml']).toBe('Controller|');
    expect(files['compute-new.yaml']).toBe('Compute');
  });

  it('leaves out the per-role outputs j2_excludes.yaml names', async () => {
    const root = tree({
      ...data,
      'network_data.yaml': '',
      'puppet/role.role.j2.yaml': '{{role.name}}\n',
      'j2_excludes.yaml': 'name:\n  - puppet/compute-role.yaml\n',
    });
    const result = await renderTree({ templatesDir: root });
    expect(result.files.map((f) => f.path)).toEqual(['puppet/controller-role.yaml']);
  });

  it('ignores hidden files and folders', async () => {
    const root = tree({ ...data, 'network_data.yaml': '', '.hidden.j2.yaml': 'x\n', '.git/a.j2.yaml': 'x\n', 'shown.j2.yaml': 'y\n' });
    const out = join(tempDir(), 'out');
    expect((await runCli('render', '-p', root, '-o', out, '-q')).code).toBe(0);
    // The only hidden file is tht's own manifest of what it wrote.
    expect(readdirSync(out, { recursive: true }).sort()).toEqual(['.tht-output.json', 'network_data.yaml', 'roles_data.yaml', 'shown.yaml']);
  });
});
