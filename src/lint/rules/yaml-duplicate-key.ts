import jsYaml from 'js-yaml';
import { isMap, isScalar, visit } from 'yaml';
import type { LintFile } from '../tree.js';
import type { Rule } from '../types.js';

/**
 * Whether a text has a repeated mapping key. A strict js-yaml load with every
 * scalar kept as a string is the cheapest exact test; the positioned parse
 * (to find each repeat) is then needed only for the few files that fail it.
 */
function hasDuplicateKey(text: string): boolean {
  try {
    jsYaml.load(text, { schema: jsYaml.FAILSAFE_SCHEMA });
    return false;
  } catch (e) {
    return e instanceof jsYaml.YAMLException && e.reason.startsWith('duplicated mapping key');
  }
}

function duplicateKeys(f: LintFile): { key: string; line: number; column: number }[] {
  const parsed = f.positions();
  if (!parsed) return [];
  const out: { key: string; line: number; column: number }[] = [];
  visit(parsed.doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (key === '<<') continue; // merge keys may repeat
        if (seen.has(key)) {
          const pos = parsed.lineCounter.linePos(pair.key.range?.[0] ?? 0);
          out.push({ key, line: pos.line, column: pos.col });
        }
        seen.add(key);
      }
    },
  });
  return out;
}

/** YAML002: PyYAML keeps the last of two equal keys without a word; the first is silently lost. */
const rule: Rule = {
  meta: {
    id: 'YAML002',
    severity: 'warning',
    description: 'Mapping has the same key twice (the later value silently wins)',
    explanation:
      'PyYAML, which Heat and the TripleO tools use, accepts a mapping with a repeated key and keeps only the ' +
      'last value, so the earlier one has no effect although it reads as if it had. Remove one of them or merge ' +
      'them. This generalises yaml-validate.py check 10, which only looked for two "when:" lines in upgrade_tasks.',
  },
  check(ctx, report) {
    for (const f of ctx.files) {
      if (f.parseError || !hasDuplicateKey(f.text)) continue;
      for (const d of duplicateKeys(f)) {
        report(f, { line: d.line, column: d.column }, `duplicate key "${d.key}": the earlier value is ignored`);
      }
    }
  },
};
export default rule;
