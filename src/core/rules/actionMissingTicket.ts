import { isHighPriority } from '../vocabulary';
import type { Rule } from './rule';

/** A link, or a tracker id like OPS-123, #123 or Bug 5554823. */
const TICKET = /(https?:\/\/\S|\b[A-Z][A-Z0-9]+-\d|#\d|\b(?:bug|issue|ticket)\s{0,3}#?\d)/i;

export const actionMissingTicket: Rule = {
  code: 'action-missing-ticket',
  defaultSeverity: 'information',
  description: 'A P0 or P1 action item has no ticket: the practice tracks them in the issue tracker, not only in the document.',
  *check({ model }) {
    for (const item of model.actionItems) {
      if (item.state === 'done' || item.state === 'declined' || !isHighPriority(item.priority)) continue;
      if (TICKET.test(item.ticket)) continue;
      yield {
        message: `${item.priority} action "${item.action || '(no text)'}" has no ticket link: track it in the issue tracker too.`,
        range: item.tableRow?.cells.ticket?.range ?? item.actionRange,
      };
    }
  },
};
