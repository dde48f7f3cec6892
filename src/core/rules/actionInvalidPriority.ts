import { PRIORITIES, closestPriority } from '../vocabulary';
import { choiceFindings } from './helpers';
import type { Rule } from './rule';

export const actionInvalidPriority: Rule = {
  code: 'action-invalid-priority',
  defaultSeverity: 'warning',
  description: 'An action item Priority is not P0, P1, P2 or P3.',
  check(context) {
    return choiceFindings(context, 'priority', 'Priority', PRIORITIES, closestPriority);
  },
};
