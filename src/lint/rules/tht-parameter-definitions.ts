import type { Rule } from '../types.js';
import { canonical, isMapping, mapAt } from '../values.js';

const rule: Rule = {
  meta: {
    id: 'THT026',
    severity: 'error',
    description: 'Parameter is declared differently in different templates',
    explanation:
      'Parameter values reach every nested stack through parameter_defaults, so a parameter declared by several ' +
      'templates must be declared identically (type, default, description, constraints...) or a value valid for ' +
      'one is rejected or read differently by another. Fields listed per parameter in ' +
      'parameter_definition_exclusions are not compared. Reported on every template whose definition differs from ' +
      'the most common one. (yaml-validate.py check 28.)',
  },
  check(ctx, report) {
    const exclusions = ctx.policy.parameter_definition_exclusions;
    for (const [name, files] of ctx.parameterIndex.byName) {
      if (files.length < 2) continue;
      const templates = files.map((key) => ctx.file(key));
      const ignored = exclusions[name] ?? [];
      const keys = templates.map((t) => {
        const d = mapAt(t.value, 'parameters')[name];
        return canonical(isMapping(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => !ignored.includes(k))) : d);
      });
      const counts = new Map<string, number>();
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      if (counts.size === 1) continue;
      // The most common definition is taken as the intended one.
      const best = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      const reference = templates[keys.indexOf(best)]!.path;
      const others = counts.get(best)! - 1;
      templates.forEach((t, i) => {
        if (keys[i] !== best) {
          report(t, ['parameters', name], `parameter ${name} is declared differently than in ${reference}${others > 0 ? ` and ${others} other template(s)` : ''}`, { key: true });
        }
      });
    }
  },
};
export default rule;
