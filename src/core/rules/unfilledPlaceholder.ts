import { TEMPLATE_PLACEHOLDERS } from '../template';
import { escapeSnippetText } from '../template';
import { lineRangeOf, proseLines } from './helpers';
import type { Rule } from './rule';

const TEMPLATE_SET = new Set(TEMPLATE_PLACEHOLDERS);
/** `[TEXT]` not followed by `(`, `[` or `:` (a link or reference definition). */
const BRACKETED = /\[([^[\]\n]{2,80})\](?![([:])/g;
const ALL_CAPS = /^(?=.*[A-Z]{2})[A-Z0-9][A-Z0-9 ?/,:().&'-]*$/;

export const unfilledPlaceholder: Rule = {
  code: 'unfilled-placeholder',
  defaultSeverity: 'warning',
  description: 'A template placeholder like [INCIDENT TITLE] is still in the document.',
  *check(context) {
    const prose = proseLines(context);
    for (let line = 0; line < prose.length; line++) {
      if (!prose[line].includes('[')) continue;
      for (const match of prose[line].matchAll(BRACKETED)) {
        const inner = match[1];
        if (!TEMPLATE_SET.has(inner) && !ALL_CAPS.test(inner)) continue;
        const at = match.index;
        const range = lineRangeOf(line, at, match[0].length);
        yield {
          message: `Placeholder ${match[0]} is not filled in.`,
          range,
          fixes: [{ title: `Select ${match[0]} to fill it in`, edits: [{ range, newText: `\${1:${escapeSnippetText(match[0])}}` }], snippet: true }],
        };
      }
    }
  },
};
