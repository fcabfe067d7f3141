import type { Rule } from '../types.js';
import { reportData } from './data-schema.js';

const rule: Rule = {
  meta: {
    id: 'DATA002',
    severity: 'warning',
    description: 'roles_data or network_data has a key the schema does not know',
    explanation:
      'The templates silently ignore a key they do not read, so a misspelt key (ServiceDefault for ' +
      'ServicesDefault) loses its setting without a word. The warning suggests the closest known key.',
  },
  check(ctx, report) {
    reportData(ctx, report, 'DATA002');
  },
};
export default rule;
