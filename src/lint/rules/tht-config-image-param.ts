import type { Rule } from '../types.js';
import { isContainerService, roleDataSections } from '../services.js';
import { isMapping, mapAt } from '../values.js';

/** `nova_libvirt` -> `NovaLibvirt`, with the policy's preferred spellings. */
function camelCase(name: string, preferred: Record<string, string>): string {
  return preferred[name] ?? name.split('_').map((s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : '_')).join('');
}

const rule: Rule = {
  meta: {
    id: 'THT016',
    severity: 'error',
    description: 'Container service lacks the Container<Volume>ConfigImage parameter for its config_volume',
    explanation:
      'The container image used to generate a service\'s configuration is passed as ' +
      'Container<CamelCase(config_volume)>ConfigImage (policy camel_case and config_image_overrides give the ' +
      'exceptions); a template without that parameter cannot receive it. (yaml-validate.py 7h.)',
  },
  check(ctx, report) {
    const cs = ctx.policy.container_services;
    for (const t of ctx.templates) {
      if (!isContainerService(t, ctx.policy) || cs.mysql_client_overrides[t.path] === false) continue;
      const pc = roleDataSections(t)?.get('puppet_config');
      const volume = pc && isMapping(pc.value) ? pc.value.config_volume : undefined;
      if (typeof volume !== 'string' || !volume) continue;
      const derived = `Container${camelCase(volume, cs.camel_case)}ConfigImage`;
      const expected = cs.config_image_overrides[derived] ?? derived;
      if (!(expected in mapAt(t.value, 'parameters'))) {
        report(t, [...pc!.path, 'config_volume'], `parameter ${expected} is missing for config_volume ${volume}`);
      }
    }
  },
};
export default rule;
