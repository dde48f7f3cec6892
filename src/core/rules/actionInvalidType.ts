import { ACTION_TYPES } from '../vocabulary';
import { choiceFindings, closest } from './helpers';
import type { Rule } from './rule';

/** Words people write for the practice's types. */
const SYNONYMS: Readonly<Record<string, (typeof ACTION_TYPES)[number]>> = {
  prevention: 'Prevent',
  preventive: 'Prevent',
  fix: 'Prevent',
  repair: 'Prevent',
  detection: 'Detect',
  monitoring: 'Detect',
  alerting: 'Detect',
  mitigation: 'Mitigate',
  mitigative: 'Mitigate',
  response: 'Process',
  procedure: 'Process',
  documentation: 'Process',
  investigate: 'Process',
};

export const actionInvalidType: Rule = {
  code: 'action-invalid-type',
  defaultSeverity: 'warning',
  description: 'An action item Type is not Prevent, Detect, Mitigate or Process.',
  check(context) {
    return choiceFindings(context, 'type', 'Type', ACTION_TYPES, (value) => SYNONYMS[value.toLowerCase()] ?? closest(value, ACTION_TYPES));
  },
};
