import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'ENV003',
    severity: 'warning',
    description: 'parameter_defaults sets a parameter that no template of the tree declares',
    explanation:
      'parameter_defaults only reach parameters that some template declares; a key no template declares, usually ' +
      'a typo or a parameter removed since, is silently ignored and the setting has no effect. Per-role and ' +
      'per-network parameters (ComputeHCIParameters, StorageNFSNetCidr) count as declared when the same parameter ' +
      'of another role or network is. The warning suggests the closest declared name.',
  },
  check(ctx, report) {
    const index = ctx.parameterIndex;
    // A -e file is one being deployed: validate's checks (ENV005 and on) judge its names, when there is a deployment.
    const deployed = new Set(ctx.deploymentChecks ? ctx.extraEnvironments : []);
    for (const f of ctx.environments) {
      if (deployed.has(f.path)) continue;
      for (const name of Object.keys(ctx.environmentModel(f).parameterDefaults)) {
        if (index.isDeclared(name)) continue;
        const guess = index.suggest(name);
        report(f, ['parameter_defaults', name], `no template declares ${name}${guess ? `; did you mean ${guess}?` : ''}`, { key: true });
      }
    }
  },
};
export default rule;
