import type { Rule } from '../types.js';
import { isPuppetServiceFile } from '../services.js';
import { isMapping, ROLE_DATA_PATH, roleData, sameList, some, walk } from '../values.js';

const MYSQL_PROTOCOL = ['EndpointMap', 'MysqlInternal', 'protocol'];

export const usesMysqlProtocol = (v: unknown): boolean => some(v, (x) => sameList(x, MYSQL_PROTOCOL));

const rule: Rule = {
  meta: {
    id: 'THT005',
    severity: 'error',
    description: 'MySQL connection URI in config_settings lacks the bind_address read_default options',
    explanation:
      'A *connection setting of a puppet service whose URI is built from [EndpointMap, MysqlInternal, protocol] ' +
      'must also carry ?read_default_file=...&read_default_group=... so the client binds to the node\'s own ' +
      'address; without it connections break on VIP failover. (yaml-validate.py 4d.)',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      if (!isPuppetServiceFile(t, ctx.policy)) continue;
      const settings = roleData(t)?.config_settings;
      if (settings === undefined) continue;
      walk(settings, (v, path) => {
        if (!isMapping(v)) return;
        for (const [key, uri] of Object.entries(v)) {
          if (!key.endsWith('connection') || !usesMysqlProtocol(uri)) continue;
          const bound = some(uri, (x) => typeof x === 'string' && x.includes('read_default_file') && x.includes('read_default_group'));
          if (!bound) report(t, [...ROLE_DATA_PATH, 'config_settings', ...path, key], `mysql connection URI "${key}" should use the bind_address option (read_default_file and read_default_group)`, { key: true });
        }
      });
    }
  },
};
export default rule;
