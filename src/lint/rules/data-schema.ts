import { validateNetworkData, validateRolesData, type DataFinding } from '../../load/data-schema.js';
import type { LintContext } from '../context.js';
import type { LintFile } from '../tree.js';
import type { Report, Rule } from '../types.js';

/** Roles files (roles_data*.yaml anywhere, roles/*.yaml) and network files (network_data*.yaml). */
function dataFiles(ctx: LintContext): { file: LintFile; kind: 'roles' | 'networks' }[] {
  const out: { file: LintFile; kind: 'roles' | 'networks' }[] = [];
  for (const f of ctx.files) {
    if (f.parseError) continue;
    const base = f.path.split('/').pop()!;
    if (base.startsWith('roles_data') || /^roles\/[^/]+\.yaml$/.test(f.path)) out.push({ file: f, kind: 'roles' });
    else if (base.startsWith('network_data')) out.push({ file: f, kind: 'networks' });
  }
  return out;
}

/** The schema findings of every data file, once per lint run. */
const cache = new WeakMap<LintContext, { file: LintFile; finding: DataFinding }[]>();

function dataFindings(ctx: LintContext): { file: LintFile; finding: DataFinding }[] {
  let found = cache.get(ctx);
  if (!found) {
    found = dataFiles(ctx).flatMap(({ file, kind }) => {
      return (kind === 'roles' ? validateRolesData(file.yaml) : validateNetworkData(file.yaml)).map((finding) => ({ file, finding }));
    });
    cache.set(ctx, found);
  }
  return found;
}

export function reportData(ctx: LintContext, report: Report, code: DataFinding['code']): void {
  for (const { file, finding } of dataFindings(ctx)) {
    if (finding.code === code) report(file, { line: finding.line, column: finding.column }, finding.hint ? `${finding.message} ${finding.hint}` : finding.message);
  }
}

const rule: Rule = {
  meta: {
    id: 'DATA001',
    severity: 'error',
    description: 'roles_data or network_data does not match its JSON Schema',
    explanation:
      'Roles files (roles_data*.yaml, roles/*.yaml) and network files (network_data*.yaml) are checked against ' +
      'schemas/role.schema.json and schemas/network_data.schema.json: wrong types, missing names and invalid ' +
      'values surface an hour into a deployment otherwise (a quoted number fails deep inside Heat).',
  },
  check(ctx, report) {
    reportData(ctx, report, 'DATA001');
  },
};
export default rule;
