import type { MarkdownIt, Token } from 'markdown-it';

const WHYS_HEADING = /^(5|five)[\s-]+whys?\b/i;

/**
 * A markdown-it plugin for VS Code's Markdown preview: the bullet list under a `### 5 Whys` heading
 * gets the class `postmortem-whys` (its nested lists too), and media/whys-preview.css draws it as a
 * tree with connectors and root causes marked. HTML and CSS only; the text is rendered as usual.
 */
export function whysPreviewPlugin(md: MarkdownIt): void {
  md.core.ruler.push('postmortem_whys', (state) => {
    const tokens: Token[] = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type !== 'heading_open' || Number(token.tag.slice(1)) < 3) continue;
      if (!WHYS_HEADING.test((tokens[i + 1]?.content ?? '').replace(/[*_`]/g, ''))) continue;
      // The first list after the heading, before any other heading.
      for (let j = i + 3; j < tokens.length && tokens[j].type !== 'heading_open'; j++) {
        if (tokens[j].type !== 'bullet_list_open' && tokens[j].type !== 'ordered_list_open') continue;
        let depth = 0;
        for (let k = j; k < tokens.length; k++) {
          const t = tokens[k];
          if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
            t.attrJoin('class', depth === 0 ? 'postmortem-whys' : 'postmortem-whys-branch');
            depth++;
          } else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') {
            depth--;
            if (depth === 0) break;
          }
        }
        break;
      }
    }
  });
}
