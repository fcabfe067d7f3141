import jsYaml from 'js-yaml';
import { mayRepeatKeys } from '../duplicate-scan.js';
import type { Rule } from '../types.js';

/** A character that cannot clash with a real key and keeps every offset in place. */
const MASK = '\uE000';

/**
 * Every repeated mapping key of a text, with its position. A strict js-yaml
 * load (every scalar a string, the cheapest exact test) stops at the first
 * repeat and says where its key starts; masking that key and loading again
 * finds the next. Only files the line scan flags (mayRepeatKeys) get here.
 */
export function duplicateKeys(text: string): { key: string; line: number; column: number }[] {
  const found: { key: string; line: number; column: number }[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      jsYaml.load(text, { schema: jsYaml.FAILSAFE_SCHEMA });
      return found;
    } catch (e) {
      if (!(e instanceof jsYaml.YAMLException) || !e.reason.startsWith('duplicated mapping key') || !e.mark) return found;
      const { position, line, column } = e.mark;
      const quoted = text[position] === '"' || text[position] === "'";
      const rest = text.slice(position, text.indexOf('\n', position) >>> 0);
      const key = (quoted ? rest.slice(1, rest.indexOf(rest[0]!, 1)) : rest.split(/:(?:\s|$)/)[0]!).trim();
      // `<<` merge keys may repeat.
      if (key !== '<<') found.push({ key, line: line + 1, column: column + 1 });
      const at = quoted ? position + 1 : position;
      text = text.slice(0, at) + MASK + text.slice(at + 1);
    }
  }
  return found;
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
      if (f.parseError || !mayRepeatKeys(f.text)) continue;
      for (const d of duplicateKeys(f.text)) {
        report(f, { line: d.line, column: d.column }, `duplicate key "${d.key}": the earlier value is ignored`);
      }
    }
  },
};
export default rule;
