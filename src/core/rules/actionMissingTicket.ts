import { rowRange } from './helpers';
import type { Rule } from './rule';

/** A link, or a tracker id like OPS-123, #123 or Bug 5554823. */
const TICKET = /(https?:\/\/\S+|\b[A-Z][A-Z0-9]+-\d+\b|#\d+\b|\b(?:bug|issue|ticket)\s*#?\d+)/i;

export const actionMissingTicket: Rule = {
  code: 'action-missing-ticket',
  defaultSeverity: 'information',
  description: 'A P0 or P1 action item has no ticket: the practice tracks them in the issue tracker, not only in the document.',
  *check({ model }) {
    for (const item of model.actions?.items ?? []) {
      if (item.done || (item.priority !== 'P0' && item.priority !== 'P1')) continue;
      if (TICKET.test(item.ticket)) continue;
      yield {
        message: `${item.priority} action "${item.action || '(no text)'}" has no ticket link: track it in the issue tracker too.`,
        range: item.cells.ticket?.range ?? rowRange(item),
      };
    }
  },
};
