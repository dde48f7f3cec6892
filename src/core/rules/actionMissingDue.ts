import { setCellEdit } from '../tableEdit';
import { rowRange } from './helpers';
import type { Rule } from './rule';

const CHOICES = ['This sprint', 'Next sprint', 'This quarter'];

export const actionMissingDue: Rule = {
  code: 'action-missing-due',
  defaultSeverity: 'warning',
  description: 'An action item has no due date.',
  *check({ model, lines }) {
    const actions = model.actions;
    // The SRE book's table has no Due column by design.
    if (!actions || actions.layout === 'sre') return;
    const column = actions.columns.due;
    for (const item of actions.items) {
      if (item.due !== '' || item.done) continue;
      yield {
        message: `Action "${item.action || '(no text)'}" has no due date.`,
        range: item.cells.due?.range ?? rowRange(item),
        fixes:
          column === undefined
            ? []
            : CHOICES.map((due, i) => ({ title: `Due ${due}`, edits: [setCellEdit(item.row, column, due, lines[item.row.line])], isPreferred: i === 0 })),
      };
    }
  },
};
