import type { Rule } from '../types.js';

/** YAML001: a file that does not parse (or is empty) can't be checked at all. */
const rule: Rule = {
  meta: {
    id: 'YAML001',
    severity: 'error',
    description: 'File is not valid YAML or is empty',
    explanation:
      'Every *.yaml file of the tree (after rendering) must parse as YAML and hold a document. ' +
      'Heat, the client and the other rules all need the parsed file; an empty file parses to nothing. ' +
      'Fix the syntax at the reported position, or delete the empty file. (yaml-validate.py check 1.)',
  },
  check(ctx, report) {
    for (const f of ctx.files) {
      if (f.parseError) {
        report(f, { line: f.parseError.line ?? 1, column: f.parseError.column ?? 1 }, f.parseError.message);
      } else if (f.value === null || f.value === undefined) {
        report(f, { line: 1, column: 1 }, 'the file is empty');
      }
    }
  },
};
export default rule;
