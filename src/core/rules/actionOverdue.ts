import { addDays } from 'date-fns';
import { formatIsoDate, parseIsoDate, resolveDue } from '../dates';
import { markDoneEdits, setCellEdit } from '../tableEdit';
import type { Fix, Rule } from './rule';
import { rowRange } from './helpers';

export const actionOverdue: Rule = {
  code: 'action-overdue',
  defaultSeverity: 'warning',
  description: 'An action item is not done and its due date has passed.',
  *check({ model, lines, config, today, incidentDate }) {
    const actions = model.actions;
    const now = parseIsoDate(today);
    if (!actions || !now) return;
    for (const item of actions.items) {
      if (item.done || item.due === '') continue;
      const due = resolveDue(item.due, incidentDate, config);
      if (!due || due >= now) continue;
      const dueText = formatIsoDate(due);
      const fixes: Fix[] = [{ title: `Mark done (Done ${today})`, edits: markDoneEdits(actions, item, today, lines) }];
      const dueColumn = actions.columns.due;
      if (dueColumn !== undefined) {
        const nextWeek = formatIsoDate(addDays(now, 7));
        fixes.push({ title: `Move due to ${nextWeek}`, edits: [setCellEdit(item.row, dueColumn, nextWeek, lines[item.row.line])] });
      }
      yield {
        message: `Action "${item.action || '(no text)'}" is overdue: due ${dueText}${item.due !== dueText ? ` (${item.due})` : ''}, not done.`,
        range: item.cells.due?.range ?? rowRange(item),
        fixes,
      };
    }
  },
};
