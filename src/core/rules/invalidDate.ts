import { isRelativeDue, parseIsoDate } from '../dates';
import { plainText } from '../table';
import { dateInText } from '../timestamp';
import type { Rule } from './rule';

const IS_PLACEHOLDER = /^\[[^\]]*\]$/;

export const invalidDate: Rule = {
  code: 'invalid-date',
  defaultSeverity: 'error',
  description: 'A Metadata date or an action item Due is neither a date (YYYY-MM-DD) nor a known relative term.',
  *check({ model, followsTemplate }) {
    for (const entry of model.metadata) {
      if ((entry.key !== 'date' && entry.key !== 'reviewDate') || entry.value === '' || IS_PLACEHOLDER.test(entry.value)) continue;
      if (entry.source === 'title' || entry.source === 'summary') continue;
      const value = plainText(entry.value);
      // A document in its own shape may write "3 June 2021"; the template asks for YYYY-MM-DD.
      const readable = parseIsoDate(value) ?? parseIsoDate(value.slice(0, 10)) ?? (followsTemplate ? undefined : dateInText(value));
      if (!readable) {
        yield { message: `"${entry.value}" is not a date: write ${entry.label} as YYYY-MM-DD.`, range: entry.valueRange };
      }
    }
    for (const item of model.actions?.items ?? []) {
      const cell = item.cells.due;
      if (!cell || item.due === '' || IS_PLACEHOLDER.test(item.due)) continue;
      if (!parseIsoDate(item.due) && !isRelativeDue(item.due)) {
        yield { message: `Due "${item.due}" is not a date (YYYY-MM-DD) nor one of: This sprint, Next sprint, This quarter, Next quarter.`, range: cell.range };
      }
    }
  },
};
