import { lifecycleOf, openHighPriority, readFollowUps } from '../followUps';
import { lineRange } from '../text';
import { titleRange } from './helpers';
import type { Rule } from './rule';

export const followUpSchedule: Rule = {
  code: 'follow-up-schedule',
  defaultSeverity: 'warning',
  description:
    "A follow-up schedule line is not a date or comes before the incident, a post-mortem is past its close date and not closed, one is closed with P0/P1 items open, or its status is not one of the team's words.",
  *check(context) {
    const { model, lines, config, today } = context;
    const { followUps, problems } = readFollowUps(model, lines, config.followUps);
    for (const problem of problems) yield problem;
    const { status, written, known } = lifecycleOf(model, config.statuses);
    const statusEntry = model.metadata.find((e) => e.key === 'status' && e.value !== '');
    if (!known && statusEntry) {
      const words = Object.values(config.statuses).flat();
      yield {
        message: `Status "${written}" is not one of the team's (${words.join(', ')}, in .postmortem.yaml): it is read as published.`,
        range: statusEntry.valueRange,
      };
    }
    const open = openHighPriority(model);
    if (status === 'closed' && open.length > 0) {
      yield {
        message: `This post-mortem is closed with ${open.length} P0/P1 action item${open.length === 1 ? '' : 's'} still open (${open
          .slice(0, 3)
          .map((i) => `"${i.action}"`)
          .join(', ')}${open.length > 3 ? ', …' : ''}): finish or decline them, with a reason, before closing.`,
        range: statusEntry?.valueRange ?? titleRange(context),
      };
    }
    // A team that writes neither a status nor a schedule does not track the post-mortem's life here.
    const tracked = written !== undefined || followUps.some((f) => f.source !== 'computed');
    const close = followUps.find((f) => f.kind === 'close');
    if (tracked && close && status !== 'closed' && !close.done && close.date < today) {
      yield {
        message: `This post-mortem was due to close on ${close.date} and is ${written ? `still "${written}"` : 'not closed'}: check that its P0/P1 action items are done or declined, then close it (or move the date).`,
        range: close.line !== undefined ? lineRange(close.line, 0, lines[close.line]?.length ?? 0) : (statusEntry?.valueRange ?? titleRange(context)),
      };
    }
  },
};
