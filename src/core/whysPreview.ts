import type { MarkdownIt, Token } from 'markdown-it';
import { parsePostmortem } from './parse';

/**
 * A markdown-it plugin for VS Code's Markdown preview: the list the parser reads as the 5 Whys (the
 * same reading as the diagnostics and the 5 Whys editor: under a "5 Whys" heading, else the first
 * nested list of a root cause section) gets the class `postmortem-whys` (its nested lists
 * `postmortem-whys-branch`), and media/whys-preview.css draws it as a tree with connectors and root
 * causes marked; a numbered chain of "Why…?" questions is drawn as a chain. HTML and CSS only; the
 * text is rendered as usual.
 */
export function whysPreviewPlugin(md: MarkdownIt): void {
  md.core.ruler.push('postmortem_whys', (state) => {
    const whys = parsePostmortem(state.src).whys;
    if (!whys || whys.roots.length === 0) return;
    const tokens: Token[] = state.tokens;
    const start = tokens.findIndex((t) => (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && t.level === 0 && t.map?.[0] === whys.list.start);
    if (start < 0) return;
    let depth = 0;
    for (let k = start; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
        t.attrJoin('class', depth === 0 ? (whys.shape === 'chain' ? 'postmortem-whys postmortem-whys-chain' : 'postmortem-whys') : 'postmortem-whys-branch');
        depth++;
      } else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') {
        depth--;
        if (depth === 0) break;
      }
    }
  });
}
