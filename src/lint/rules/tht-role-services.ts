import type { RoleServicesRule } from '../policy.js';
import type { Rule } from '../types.js';
import { deepEqual, isMapping } from '../values.js';

const CEPH_OSD = 'OS::TripleO::Services::CephOSD';

type RoleEntry = Record<string, unknown>;

/** What is wrong with a role's ServicesDefault against its base role, per one policy entry. */
function problems(rel: RoleServicesRule, role: RoleEntry, base: RoleEntry): { key: string; message: string }[] {
  const own = Array.isArray(role.ServicesDefault) ? role.ServicesDefault.map(String) : [];
  const baseServices = Array.isArray(base.ServicesDefault) ? base.ServicesDefault.map(String) : [];
  const out: { key: string; message: string }[] = [];
  const services = 'ServicesDefault';
  if (rel.compare === 'equal') {
    const list = own.filter((s) => !(rel.ignore ?? []).includes(s));
    for (const s of rel.remove ?? []) {
      const i = list.indexOf(s);
      if (i < 0) out.push({ key: services, message: `ServicesDefault of ${rel.role} should include ${s}` });
      else list.splice(i, 1);
    }
    list.push(...(rel.add ?? []));
    const missing = baseServices.filter((s) => !list.includes(s));
    const extra = list.filter((s) => !baseServices.includes(s));
    if (missing.length + extra.length > 0 || list.length !== baseServices.length) {
      const diff = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
      out.push({ key: services, message: `ServicesDefault of ${rel.role} differs from roles/${rel.base}.yaml${diff ? ` (${diff})` : ' (duplicates)'}` });
    }
  } else if (rel.compare === 'superset') {
    const missing = baseServices.filter((s) => !(rel.base_exclude ?? []).includes(s) && !own.includes(s));
    if (missing.length) out.push({ key: services, message: `ServicesDefault of ${rel.role} is missing ${missing.join(', ')} from roles/${rel.base}.yaml` });
    if (rel.update_serial) {
      if (own.includes(CEPH_OSD)) {
        if (role.update_serial !== undefined && role.update_serial !== null && role.update_serial !== 1) {
          out.push({ key: 'update_serial', message: `update_serial of ${rel.role} should be 1 as it includes CephOSD` });
        }
      } else if (base.update_serial !== undefined && role.update_serial !== base.update_serial) {
        out.push({ key: 'update_serial', message: `update_serial of ${rel.role} (${String(role.update_serial)}) does not match roles/${rel.base}.yaml (${String(base.update_serial)})` });
      }
    }
  } else {
    const a = new Set(own);
    const b = new Set(baseServices);
    const diff = [...a].filter((s) => !b.has(s)).concat([...b].filter((s) => !a.has(s)));
    if (diff.length) out.push({ key: services, message: `ServicesDefault of ${rel.role} and roles/${rel.base}.yaml differ: ${diff.join(', ')}` });
    if (!deepEqual(role.networks ?? [], base.networks ?? [])) out.push({ key: 'networks', message: `networks of ${rel.role} and roles/${rel.base}.yaml differ` });
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'THT022',
    severity: 'error',
    description: "Derived role's ServicesDefault does not follow its base role",
    explanation:
      'Roles derived from another (ComputeHCI from Compute, CephAll from CephStorage...) must keep the base role\'s ' +
      'services so that a fix to the base reaches them. Policy role_services says for each derived role which ' +
      'base, how to compare (equal after removing/adding the listed services, superset, or same set and networks), ' +
      'and whether update_serial must match. (yaml-validate.py checks 17-24.)',
  },
  check(ctx, report) {
    for (const rel of ctx.policy.role_services) {
      const derived = ctx.namedRole(rel.role);
      const baseFile = ctx.roleFile(rel.base);
      // The base is its file's first role, as yaml-validate.py reads it.
      const base: unknown = Array.isArray(baseFile?.value) ? baseFile.value[0] : undefined;
      if (!derived || !isMapping(base)) continue;
      for (const p of problems(rel, derived.role, base)) report(derived.file, [derived.index, p.key], p.message, { key: true });
    }
  },
};
export default rule;
