import type { Rule } from '../types.js';
import { deepEqual, regex } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT021',
    severity: 'error',
    description: 'network_data variant lacks or changes a network of the base network_data.yaml',
    explanation:
      'Variants such as network_data_dashboard.yaml (policy network_data_variants.match) add networks to the base ' +
      'file and must repeat each of its networks unchanged, or deployments switching to the variant lose or alter ' +
      'a network. (yaml-validate.py check 15.)',
  },
  check(ctx, report) {
    const { base, match } = ctx.policy.network_data_variants;
    const baseNets = ctx.tree.get(base)?.value;
    if (!Array.isArray(baseNets)) return;
    for (const f of ctx.files) {
      if (f.path === base || !regex(match).test(f.path) || !Array.isArray(f.value)) continue;
      const nets = f.value;
      for (const net of baseNets) {
        if (nets.some((n) => deepEqual(n, net))) continue;
        const name = (net as { name?: unknown })?.name;
        const i = nets.findIndex((n) => (n as { name?: unknown })?.name === name);
        report(f, i >= 0 ? [i] : [], `network ${String(name)} of ${base} is ${i >= 0 ? 'different' : 'missing'} here`);
      }
    }
  },
};
export default rule;
