import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'HOT015',
    severity: 'error',
    description: "Heat refuses the deployment: a resource type nothing maps, one of Heat's limits, a registry cycle",
    explanation:
      'Heat validates the whole deployment (overcloud.yaml with the rendered resource registry and the -e files, as tht validate builds it, ' +
      'for the roles file rendered) before it creates anything, and refuses it when a resource type is neither ' +
      'mapped by the resource_registry nor one Heat provides (a role listing a service that no registry entry ' +
      "maps: reported at the roles-file line), when the request is over one of Heat's limits (max_template_size, " +
      'max_nested_stack_depth, max_resources_per_stack, max_json_body_size: the values TripleO\'s undercloud Heat ' +
      "runs with, from environments/undercloud.yaml, else Heat's defaults; change them with --heat-limit " +
      'NAME=VALUE or heat_limits in .thtlint.yaml), or when a type nests its own template through the registry. ' +
      'Templates that do not exist are HOT012 and ENV002.',
  },
  check(ctx, report) {
    // tht validate's findings of the deployment: its rejections are HOT015 but for missing files (HOT012, ENV002).
    for (const f of ctx.deploymentFindings) {
      if (f.code !== 'HOT015') continue;
      const file = ctx.tree.get(f.file);
      if (file) report(file, { line: f.line, column: f.column }, f.message);
    }
  },
};
export default rule;
