import { setCellEdit } from '../tableEdit';
import type { Fix, Rule } from './rule';

export const actionMissingOwner: Rule = {
  code: 'action-missing-owner',
  defaultSeverity: 'error',
  description:
    'An action item has no owner: items without a named owner are the ones that never get done. A plain list without owners is told at information level.',
  *check({ model, lines, config }) {
    const actions = model.actions;
    for (const item of model.actionItems) {
      if (item.owner !== '' || item.state === 'done' || item.state === 'declined') continue;
      const row = item.tableRow;
      if (!row || !actions) {
        // A team that writes its items as a plain list has no place for owners: tell, don't shout.
        yield {
          message: `Action "${item.action}" names no owner: add "(owner: NAME)" or track it in a table.`,
          range: item.actionRange,
          severity: 'information',
        };
        continue;
      }
      const column = actions.columns.owner;
      const fixes: Fix[] =
        column === undefined
          ? []
          : [
              ...config.owners.map((owner) => ({ title: `Assign to ${owner}`, edits: [setCellEdit(row.row, column, owner, lines[row.row.line])] })),
              { title: 'Insert an owner placeholder', edits: [setCellEdit(row.row, column, '${1:[OWNER]}', lines[row.row.line])], snippet: true },
            ];
      yield {
        message: `Action "${item.action || '(no text)'}" has no owner.${column === undefined ? ' Add an Owner column to the table.' : ''}`,
        range: row.cells.owner?.range ?? row.row.range,
        fixes,
      };
    }
  },
};
