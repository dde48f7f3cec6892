import { setCellEdit } from '../tableEdit';
import { ACTION_TYPES } from '../vocabulary';
import { closest } from './helpers';
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
  *check({ model, lines }) {
    const actions = model.actions;
    const column = actions?.columns.type;
    if (!actions || column === undefined) return;
    for (const item of actions.items) {
      const cell = item.cells.type;
      if (!cell || item.type === '' || /^\[.*\]$/.test(item.type)) continue;
      if ((ACTION_TYPES as readonly string[]).includes(item.type)) continue;
      const suggestion = SYNONYMS[item.type.toLowerCase()] ?? closest(item.type, ACTION_TYPES);
      yield {
        message: `Type "${item.type}" is not one of Prevent, Detect, Mitigate, Process.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
        range: cell.range,
        fixes: (suggestion ? [suggestion, ...ACTION_TYPES.filter((t) => t !== suggestion)] : ACTION_TYPES).map((type) => ({
          title: `Change Type to ${type}`,
          edits: [setCellEdit(item.row, column, type, lines[item.row.line])],
          isPreferred: type === suggestion,
        })),
      };
    }
  },
};
