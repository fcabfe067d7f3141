import type { Rule } from '../types.js';
import { reportModelProblems } from '../hot-problems.js';

const rule: Rule = {
  meta: {
    id: 'HOT007',
    severity: 'error',
    description: 'Parameter definition is invalid (type, keys, constraints, groups)',
    explanation:
      'A parameter needs a type among string, number, comma_delimited_list, json and boolean, may only use the keys ' +
      'type, label, description, default, hidden, constraints, immutable (and tags from 2018-03-02), and each ' +
      'constraint is one of length, range, modulo, allowed_values, allowed_pattern, custom_constraint with ' +
      'well-formed arguments. parameter_groups must be a list of groups with a parameters list. Heat rejects the ' +
      'template otherwise.',
  },
  check(ctx, report) {
    for (const t of ctx.templates) {
      reportModelProblems(report, t, ctx.hot(t), 'parameters');
    }
  },
};
export default rule;
