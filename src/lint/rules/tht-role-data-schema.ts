import type { ErrorObject } from 'ajv';
import { dotted, pointerToPath, valueWords } from '../../load/data-schema.js';
import { listValidator, ROLE_DATA_LIST } from '../../load/schema-validators.js';
import { jsonData } from '../../yaml/json.js';
import type { PathSegment } from '../../yaml/file.js';
import type { LintContext } from '../context.js';
import type { LintFile } from '../tree.js';
import type { Rule } from '../types.js';
import { mapAt, ROLE_DATA_PATH } from '../values.js';

/** Templates with a role_data output, and its value. */
function roleDataValues(ctx: LintContext): { file: LintFile; value: unknown }[] {
  const out: { file: LintFile; value: unknown }[] = [];
  for (const file of ctx.templates) {
    const output = mapAt(mapAt(file.value, 'outputs'), 'role_data');
    if ('value' in output) out.push({ file, value: output.value });
  }
  return out;
}

/**
 * An `if`/`else` that fails (the value is not a function call and has the
 * wrong type) also reports the `if` itself; the `else` error says it all.
 */
const meaningful = (e: ErrorObject): boolean => e.keyword !== 'if';

function message(e: ErrorObject, where: string): string {
  // Each `else` of the schema describes what it wants in words.
  const wanted = (e.parentSchema as { description?: string } | undefined)?.description ?? 'a valid value';
  return `${where} must be ${wanted} or a Heat function call, not ${valueWords(e.data)}`;
}

const rule: Rule = {
  meta: {
    id: 'THT027',
    severity: 'error',
    description: 'role_data section has the wrong type for the services aggregator',
    explanation:
      'Each service template\'s role_data output is checked against schemas/service-role-data.schema.json: ' +
      'service_name and step_config are strings, config_settings and docker_config mappings, upgrade_tasks and the ' +
      'other *_tasks lists of Ansible tasks, firewall_rules a mapping of rules, and so on, where any value may ' +
      'instead be a Heat function call. common/services/role.role.j2.yaml merges these sections across all ' +
      'services of a role with yaql and map_merge, so one value of the wrong type fails the whole deployment ' +
      '(or is silently dropped) long after the template was written. Give the section the type shown.',
  },
  check(ctx, report) {
    const found = roleDataValues(ctx);
    if (!found.length) return;
    // One call for the whole tree: instance paths start with the template's index.
    const values = found.map((f) => f.value);
    const validate = listValidator(ROLE_DATA_LIST);
    if (validate(jsonData(values))) return;
    for (const e of (validate.errors ?? []).filter(meaningful)) {
      const [index, ...path] = pointerToPath(values, e.instancePath) as [number, ...PathSegment[]];
      const where = path.length ? `role_data ${dotted(path)}` : 'role_data';
      report(found[index]!.file, [...ROLE_DATA_PATH, ...path], message(e, where));
    }
  },
};
export default rule;
