import { suggestKey } from '../../load/suggest.js';
import type { LintContext } from '../context.js';
import type { Rule } from '../types.js';
import { isMapping } from '../values.js';

/**
 * Role and network names of the whole tree (roles/*.yaml, network_data*.yaml),
 * longest first: a parameter such as ComputeHCIParameters is declared only
 * when that role is rendered, so it counts as declared when another role's
 * (or network's) version of it is.
 */
function familyNames(ctx: LintContext): string[] {
  const names = new Set<string>();
  for (const f of ctx.files) {
    const base = f.path.split('/').pop()!;
    const isRoles = f.path.startsWith('roles/') || base.startsWith('roles_data');
    if ((!isRoles && !base.startsWith('network_data')) || !Array.isArray(f.value)) continue;
    for (const item of f.value) if (isMapping(item) && typeof item.name === 'string') names.add(item.name);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

const MAX_EDITS = 3;

const bigrams = (s: string): Map<string, number> => {
  const m = new Map<string, number>();
  const l = s.toLowerCase();
  for (let i = 0; i + 1 < l.length; i++) m.set(l.slice(i, i + 2), (m.get(l.slice(i, i + 2)) ?? 0) + 1);
  return m;
};

/**
 * The declared names that can be within suggestKey's edit distance of `name`:
 * each edit changes at most two letter pairs, so a close name shares all but
 * 2 * MAX_EDITS of its pairs (the q-gram lemma). Checking that first keeps the
 * edit-distance work to a handful of candidates out of thousands.
 */
function closeNames(name: string, known: readonly { name: string; pairs: Map<string, number> }[]): string[] {
  const own = bigrams(name);
  const needed = name.length - 1 - 2 * MAX_EDITS;
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  return known
    .filter(({ name: k, pairs }) => {
      if (Math.abs(k.length - name.length) > MAX_EDITS) return norm(k) === norm(name);
      let shared = 0;
      for (const [g, n] of pairs) shared += Math.min(n, own.get(g) ?? 0);
      return shared >= needed || norm(k) === norm(name);
    })
    .map((k) => k.name);
}

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
    const declared = ctx.declaredParameters;
    let families: string[] | undefined;
    let known: { name: string; pairs: Map<string, number> }[] | undefined;
    const isDeclared = (name: string): boolean => {
      if (declared.has(name)) return true;
      families ??= familyNames(ctx);
      for (const fam of families) {
        const i = name.indexOf(fam);
        if (i < 0) continue;
        const [before, after] = [name.slice(0, i), name.slice(i + fam.length)];
        if (families.some((other) => other !== fam && declared.has(`${before}${other}${after}`))) return true;
      }
      return false;
    };
    for (const f of ctx.environments) {
      for (const name of Object.keys(ctx.environmentModel(f).parameterDefaults)) {
        if (isDeclared(name)) continue;
        known ??= [...declared.keys()].map((k) => ({ name: k, pairs: bigrams(k) }));
        const guess = suggestKey(name, closeNames(name, known));
        report(f, ['parameter_defaults', name], `no template declares ${name}${guess ? `; did you mean ${guess}?` : ''}`, { key: true });
      }
    }
  },
};
export default rule;
