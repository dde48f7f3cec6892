import { setCellEdit } from '../tableEdit';
import type { Fix, Rule } from './rule';
import { rowRange } from './helpers';

export const actionMissingOwner: Rule = {
  code: 'action-missing-owner',
  defaultSeverity: 'error',
  description: 'An action item has no owner: items without a named owner are the ones that never get done.',
  *check({ model, lines, config }) {
    const actions = model.actions;
    if (!actions) return;
    for (const item of actions.items) {
      if (item.owner !== '' || item.done) continue;
      const column = actions.columns.owner;
      const fixes: Fix[] =
        column === undefined
          ? []
          : [
              ...config.owners.map((owner) => ({ title: `Assign to ${owner}`, edits: [setCellEdit(item.row, column, owner, lines[item.row.line])] })),
              { title: 'Insert an owner placeholder', edits: [setCellEdit(item.row, column, '${1:[OWNER]}', lines[item.row.line])], snippet: true },
            ];
      yield {
        message: `Action "${item.action || '(no text)'}" has no owner.${column === undefined ? ' Add an Owner column to the table.' : ''}`,
        range: item.cells.owner?.range ?? rowRange(item),
        fixes,
      };
    }
  },
};
