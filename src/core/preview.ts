import type { MarkdownIt, Token } from 'markdown-it';
import { DEFAULT_CONFIG } from './config';
import { summarizeModel, isOverdue } from './actionIndex';
import { detectDocument } from './detect';
import { parsePostmortem } from './parse';
import { splitLines } from './text';
import { analyzeTimeline } from './timeline';
import type { PostmortemModel } from './model';
import type { ActionState } from './model';

/** What the preview needs from the host: today (for overdue items) and the gap threshold of the setting. */
export interface PreviewOptions {
  readonly today: () => string;
  readonly gapMinutes: () => number;
}

const LIST_OPEN = new Set(['bullet_list_open', 'ordered_list_open']);
const LIST_CLOSE = new Set(['bullet_list_close', 'ordered_list_close']);

const STATE_LABELS: Readonly<Record<ActionState, string>> = { open: 'Open', inProgress: 'In progress', done: 'Done', declined: 'Declined' };

/**
 * A markdown-it plugin for VS Code's Markdown preview, from the same reading as the diagnostics (one
 * parse for all three):
 * - the list the parser reads as the 5 Whys gets the class `postmortem-whys` (its nested lists
 *   `postmortem-whys-branch`), drawn as a tree by media/preview.css; a numbered chain of "Why…?"
 *   questions as a chain;
 * - each action item (a table row, a bullet, a task, a labelled line) gets its state as a badge:
 *   `data-postmortem-status` (Open, In progress, Done, Declined, Overdue) and a class per state;
 * - each timeline entry after a long gap (the Analyze Gaps note: the gap, the detection gap) is
 *   highlighted, the note in `data-postmortem-gap` and its title.
 * Attributes and classes only: the text is rendered (and escaped) as usual.
 */
export function postmortemPreviewPlugin(options: PreviewOptions): (md: MarkdownIt) => void {
  return (md) => {
    md.core.ruler.push('postmortem_preview', (state) => {
      const model = parsePostmortem(state.src);
      const tokens: Token[] = state.tokens;
      markWhys(model, tokens);
      const detection = detectDocument(model, undefined);
      if (detection?.kind !== 'postmortem') return;
      // The first token that opens the block starting on each line: a row, a list item, a heading, a paragraph.
      // (By index, so a row's first cell is the next token: no search through the tokens per item.)
      const opening = new Map<number, number>();
      tokens.forEach((t, k) => {
        if (t.nesting === 1 && t.map && !opening.has(t.map[0]) && t.type !== 'tbody_open' && t.type !== 'thead_open' && !LIST_OPEN.has(t.type)) {
          opening.set(t.map[0], k);
        }
      });
      /** Where a badge or note goes: a table row's first cell (a row cannot show one), else the block itself. */
      const target = (line: number): Token | undefined => {
        const k = opening.get(line);
        const t = k === undefined ? undefined : tokens[k];
        if (t?.type !== 'tr_open') return t;
        const cell = tokens[k! + 1];
        return cell?.type === 'td_open' || cell?.type === 'th_open' ? cell : undefined;
      };
      const today = options.today();
      for (const item of summarizeModel('', model, detection, undefined, DEFAULT_CONFIG, state.src).items) {
        const t = target(item.line);
        if (!t) continue;
        const overdue = isOverdue(item, today);
        t.attrJoin('class', `postmortem-action postmortem-action-${overdue ? 'overdue' : item.state}`);
        t.attrSet('data-postmortem-status', overdue ? `Overdue (due ${item.dueDate})` : STATE_LABELS[item.state]);
      }
      const analysis = analyzeTimeline(model, splitLines(state.src), options.gapMinutes());
      for (const row of analysis?.rows ?? []) {
        const t = row.note ? target(row.entry.line) : undefined;
        if (!t || !row.note) continue;
        t.attrJoin('class', 'postmortem-gap');
        t.attrSet('data-postmortem-gap', row.note);
        t.attrSet('title', row.note);
      }
    });
  };
}

/** The 5 Whys list: `postmortem-whys` (or a chain), its nested lists `postmortem-whys-branch`. */
function markWhys(model: PostmortemModel, tokens: Token[]): void {
  const whys = model.whys;
  if (!whys || whys.roots.length === 0) return;
  const start = tokens.findIndex((t) => LIST_OPEN.has(t.type) && t.level === 0 && t.map?.[0] === whys.list.start);
  if (start < 0) return;
  let depth = 0;
  for (let k = start; k < tokens.length; k++) {
    const t = tokens[k];
    if (LIST_OPEN.has(t.type)) {
      t.attrJoin('class', depth === 0 ? (whys.shape === 'chain' ? 'postmortem-whys postmortem-whys-chain' : 'postmortem-whys') : 'postmortem-whys-branch');
      depth++;
    } else if (LIST_CLOSE.has(t.type)) {
      depth--;
      if (depth === 0) break;
    }
  }
}
