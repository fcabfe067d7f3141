import { posix } from 'node:path';
import type { LintContext } from '../context.js';
import type { LintFile } from '../tree.js';
import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';
import { usesMysqlProtocol } from './tht-mysql-bind-address.js';
import { isMapping, mapAt, roleData, sameList, walk } from '../values.js';

/** config_settings of a service and, recursively, of the nested services it takes them from. */
function collectConfigSettings(ctx: LintContext, file: LintFile, seen = new Set<string>()): unknown[] {
  if (seen.has(file.path)) return [];
  seen.add(file.path);
  const settings = roleData(file)?.config_settings ?? {};
  const out: unknown[] = [settings];
  const resources = mapAt(file.value, 'resources');
  walk(settings, (v) => {
    if (!Array.isArray(v) || v.length < 2 || !sameList(v.slice(1), ['role_data', 'config_settings'])) return;
    const type = mapAt(resources, String(v[0])).type;
    if (typeof type !== 'string' || type.includes('OS::')) return;
    const nested = ctx.tree.get(posix.normalize(posix.join(posix.dirname(file.path), type)));
    if (nested && !nested.parseError) out.push(...collectConfigSettings(ctx, nested, seen));
  });
  return out;
}

const rule: Rule = {
  meta: {
    id: 'THT014',
    severity: 'error',
    description: 'Container service uses MySQL without the mysql-client service',
    explanation:
      'A containerised service whose config_settings (including those it takes from nested services through ' +
      'get_attr [Res, role_data, config_settings]) connect to MysqlInternal must include a resource of type ' +
      '...mysql-client.yaml and reference [<that resource>, role_data, step_config] in puppet_config.step_config, ' +
      'so tripleo::profile::base::database::mysql::client configures the client. (yaml-validate.py 7f.)',
  },
  check(ctx, report) {
    const overrides = ctx.policy.container_services.mysql_client_overrides;
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy) || overrides[t.path] === false) continue;
      const puppetConfig = roleDataSections(t)?.get('puppet_config');
      if (!puppetConfig || !usesMysqlProtocol(collectConfigSettings(ctx, t))) continue;
      const resources = mapAt(t.value, 'resources');
      const client = Object.keys(resources).find((r) => {
        const type = mapAt(resources, r).type;
        return typeof type === 'string' && type.endsWith('mysql-client.yaml');
      });
      if (!client) {
        report(t, ['resources'], 'the service uses mysql but has no resource of type mysql-client.yaml', { key: true });
        continue;
      }
      const stepConfig = isMapping(puppetConfig.value) ? puppetConfig.value.step_config : undefined;
      let included = false;
      walk(stepConfig, (v) => {
        if (sameList(v, [client, 'role_data', 'step_config'])) included = true;
      });
      if (!included) {
        report(t, [...puppetConfig.path, 'step_config'], `the service uses mysql but puppet_config.step_config does not include [${client}, role_data, step_config] (tripleo::profile::base::database::mysql::client)`);
      }
    }
  },
};
export default rule;
