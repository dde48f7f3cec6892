import { lineRangeOf, proseLines } from './helpers';
import type { Fix, Rule } from './rule';

/** Built-in blaming phrases, each with a blameless way to say it (and a replacement where one fits). */
const PHRASES: readonly { readonly phrase: string; readonly hint: string; readonly replacement?: string }[] = [
  { phrase: 'human error', hint: 'Describe the conditions that made the action reasonable at the time: the missing guardrail, the unclear signal.' },
  { phrase: 'should have', hint: 'Say what information or tooling was missing at the time, not what someone ought to have done.' },
  { phrase: "shouldn't have", hint: 'Say what made the action look right at the time.' },
  { phrase: 'should not have', hint: 'Say what made the action look right at the time.' },
  { phrase: 'failed to', hint: 'Describe what happened ("did not") and why the system allowed it.', replacement: 'did not' },
  { phrase: 'forgot to', hint: 'Name the missing check, reminder or automation instead of the person.', replacement: 'did not' },
  { phrase: 'careless', hint: 'Describe the conditions, not the person.' },
  { phrase: 'carelessness', hint: 'Describe the conditions, not the person.' },
  { phrase: 'negligence', hint: 'Describe the conditions, not the person.' },
  { phrase: 'negligent', hint: 'Describe the conditions, not the person.' },
  { phrase: 'sloppy', hint: 'Describe the conditions, not the person.' },
  { phrase: 'his fault', hint: 'Post-mortems are blameless: describe the system that let this happen.' },
  { phrase: 'her fault', hint: 'Post-mortems are blameless: describe the system that let this happen.' },
  { phrase: 'their fault', hint: 'Post-mortems are blameless: describe the system that let this happen.' },
  { phrase: 'to blame', hint: 'Post-mortems are blameless: ask "what" and "how", not "who".' },
  { phrase: 'blamed', hint: 'Post-mortems are blameless: ask "what" and "how", not "who".' },
  { phrase: 'incompetent', hint: 'Describe the missing knowledge or support, not the person.' },
  { phrase: 'did not bother', hint: 'Describe what made the step easy to skip.' },
  { phrase: "didn't bother", hint: 'Describe what made the step easy to skip.' },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const blameLanguage: Rule = {
  code: 'blame-language',
  defaultSeverity: 'information',
  description: 'Wording that blames people ("human error", "should have", "failed to"…); a configurable list.',
  *check(context) {
    const { config } = context;
    const allowed = new Set(config.allowWords.map((w) => w.toLowerCase()));
    const phrases = [...PHRASES, ...config.blameWords.map((phrase) => ({ phrase, hint: 'Your team lists this as blaming language: describe the system, not the person.', replacement: undefined }))].filter(
      (p) => !allowed.has(p.phrase.toLowerCase()),
    );
    if (phrases.length === 0) return;
    const byPhrase = new Map(phrases.map((p) => [p.phrase.toLowerCase(), p]));
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${phrases.map((p) => escapeRegExp(p.phrase)).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    const prose = proseLines(context);
    for (let line = 0; line < prose.length; line++) {
      if (!prose[line]) continue;
      for (const match of prose[line].matchAll(pattern)) {
        const entry = byPhrase.get(match[1].toLowerCase());
        if (!entry) continue;
        const range = lineRangeOf(line, match.index, match[0].length);
        const fixes: Fix[] = entry.replacement ? [{ title: `Replace with "${entry.replacement}"`, edits: [{ range, newText: entry.replacement }] }] : [];
        yield { message: `"${match[0]}" can read as blame. ${entry.hint}`, range, fixes };
      }
    }
  },
};
