import type { PathSegment } from '../../yaml/file.js';
import type { Rule } from '../types.js';
import { isMapping, mapAt, regex, walk } from '../values.js';

/** A str_replace param named like a network is fine; any other key mentioning "net" names a network, not an address. */
const NETWORK_PARAM = /;str_replace;params;\S*?net/i;
const NETWORK_NAME = /net/i;
/** `[NetXxxMap, ..., {get_param: [ServiceNetMap, ...]}]` style lookups are maps, not addresses. */
const MAP_LOOKUP = /Map.*get_param/;

const rule: Rule = {
  meta: {
    id: 'THT009',
    severity: 'error',
    description: 'ServiceNetMap lookup in role_data is not interpolated through hiera',
    explanation:
      'In a service\'s role_data, {get_param: [ServiceNetMap, X]} yields a network NAME. Where an address is meant, ' +
      'the value must be a str_replace whose template uses %{hiera(\'..NAME..\')} so puppet resolves the name to the ' +
      'node\'s address. Lookups inside external_deploy_tasks, deploy_steps_tasks and kolla_config, the hiera keys in ' +
      'hiera_interpolation.skip_keys, paths that mention "net" (network-name settings) and map lookups are exempt. ' +
      '(yaml-validate.py check 5.)',
  },
  check(ctx, report) {
    const policy = ctx.policy.hiera_interpolation;
    for (const t of ctx.templates) {
      if (!policy.match.some((m) => regex(m).test(t.path))) continue;
      if (policy.skip_when_path_contains.some((s) => t.path.includes(s))) continue;
      const roleData = mapAt(mapAt(t.value, 'outputs'), 'role_data');
      walk(roleData, (v, path) => {
        if (typeof v !== 'string' || !v.includes('ServiceNetMap')) return;
        const problem = hieraProblem(roleData, path, policy);
        if (problem) report(t, ['outputs', 'role_data', ...path], problem);
      });
    }
  },
};

function hieraProblem(roleData: Record<string, unknown>, path: PathSegment[], policy: { skip_sections: string[]; skip_keys: string[] }): string | undefined {
  // Only the first element of a get_param list is a lookup.
  if (path[path.length - 1] !== 0 && path[path.length - 2] !== 'get_param') return undefined;
  if (path.some((p) => typeof p === 'string' && (policy.skip_sections.includes(p) || policy.skip_keys.includes(p)))) return undefined;
  const joined = path.join(';');
  if (!NETWORK_PARAM.test(joined) && NETWORK_NAME.test(joined)) return undefined;
  if (MAP_LOOKUP.test(joined)) return undefined;
  const at = path.indexOf('str_replace');
  const paramsAt = path.indexOf('params');
  if (at < 0 || paramsAt < 0) return `ServiceNetMap lookup at ${joined} is not interpolated through str_replace and hiera`;
  const name = String(path[paramsAt + 1]);
  let node: unknown = roleData;
  for (const seg of path.slice(0, at + 1)) node = (node as Record<string | number, unknown>)[seg];
  const template = isMapping(node) ? node.template : undefined;
  const hiera = new RegExp(`%\\{hiera\\(\\S+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+\\)\\}`);
  if (typeof template !== 'string' || !hiera.test(template)) {
    return `str_replace template at ${path.slice(0, at + 1).join(';')} does not interpolate ${name} with %{hiera('...${name}...')}`;
  }
  return undefined;
}
export default rule;
