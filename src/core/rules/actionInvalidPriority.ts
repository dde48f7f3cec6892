import { PRIORITIES } from '../vocabulary';
import { choiceFindings } from './helpers';
import type { Rule } from './rule';

const WORDS: Readonly<Record<string, (typeof PRIORITIES)[number]>> = {
  critical: 'P0',
  urgent: 'P0',
  blocker: 'P0',
  highest: 'P0',
  high: 'P1',
  major: 'P1',
  medium: 'P2',
  normal: 'P2',
  moderate: 'P2',
  low: 'P3',
  minor: 'P3',
  lowest: 'P3',
};

/** The closest priority: a P-number clamped to P0–P3, a word (High → P1), or a bare digit. */
function closestPriority(value: string): (typeof PRIORITIES)[number] | undefined {
  const lower = value.toLowerCase().trim();
  if (WORDS[lower]) return WORDS[lower];
  const n = /^(?:p|sev|priority\s*)?-?\s*(\d+)$/i.exec(lower);
  if (n) return PRIORITIES[Math.min(Number(n[1]), 3)];
  return undefined;
}

export const actionInvalidPriority: Rule = {
  code: 'action-invalid-priority',
  defaultSeverity: 'warning',
  description: 'An action item Priority is not P0, P1, P2 or P3.',
  check(context) {
    return choiceFindings(context, 'priority', 'Priority', PRIORITIES, closestPriority);
  },
};
