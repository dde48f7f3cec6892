import { addDays } from 'date-fns';
import { markDoneEdits, setDueEdits } from '../actionEdit';
import { formatIsoDate, parseIsoDate, resolveDue } from '../dates';
import type { Fix, Rule } from './rule';

export const actionOverdue: Rule = {
  code: 'action-overdue',
  defaultSeverity: 'warning',
  description: 'An action item is not done (nor declined) and its due date has passed.',
  *check({ model, lines, config, today, incidentDate, withFixes }) {
    const now = parseIsoDate(today);
    if (!now) return;
    for (const item of model.actionItems) {
      if (item.state === 'done' || item.state === 'declined' || item.due === '') continue;
      const due = resolveDue(item.due, incidentDate, config);
      if (!due || due >= now) continue;
      const dueText = formatIsoDate(due);
      const nextWeek = formatIsoDate(addDays(now, 7));
      // The CLI reports without fixes: the edits are made only for the editor.
      const fixes: Fix[] = withFixes
        ? [
            { title: `Mark done (Done ${today})`, edits: markDoneEdits(model, item, today, lines) },
            { title: `Move due to ${nextWeek}`, edits: setDueEdits(model, item, nextWeek, lines) },
          ]
        : [];
      yield {
        message: `Action "${item.action || '(no text)'}" is overdue: due ${dueText}${item.due !== dueText ? ` (${item.due})` : ''}, not done.`,
        range: item.tableRow?.cells.due?.range ?? item.actionRange,
        fixes,
      };
    }
  },
};
