import { escapeRegex, isAsciiAlphanumeric } from '../text';
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

type Phrase = (typeof PHRASES)[number];

/** A character trie of lower-cased phrases. */
interface TrieNode {
  readonly next: Map<string, TrieNode>;
  phrase?: Phrase;
}

function lower(c: string): string {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
}

function buildTrie(phrases: readonly Phrase[]): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const p of phrases) {
    let node = root;
    for (const c of p.phrase) {
      const key = lower(c);
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map() }));
      node = child;
    }
    node.phrase ??= p;
  }
  return root;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Phrases in a line, whole words only, case-insensitive, the longest at each place. Linear: from each
 * word boundary the trie is walked at most a phrase's length, whatever the number of phrases (one
 * regex alternation of 2,000 team words tried each at every position took 14 s on 1.2 MB). A line of
 * plain ASCII (most of them) is lower-cased once and tested by character code: the per-character
 * regex and toLowerCase were a third of a whole lint of 10,000 post-mortems.
 */
function* phrasesIn(line: string, trie: TrieNode): Generator<{ at: number; length: number; phrase: Phrase }> {
  // eslint-disable-next-line no-control-regex -- every ASCII character, control characters included
  if (startsWithWords(trie) && /^[\u0000-\u007f]*$/.test(line)) {
    yield* asciiPhrasesIn(line, trie);
    return;
  }
  for (let at = 0; at < line.length; at++) {
    if (at > 0 && WORD_CHAR.test(line[at - 1])) continue;
    const found = walk(
      trie,
      at,
      line.length,
      (i) => lower(line[i]),
      (i) => WORD_CHAR.test(line[i]),
    );
    if (!found) continue;
    yield { at, ...found };
    at += found.length - 1;
  }
}

/** Whether every phrase starts with a letter or digit (a team may list one that does not, "#blame"). */
const wordStarts = new WeakMap<TrieNode, boolean>();
function startsWithWords(trie: TrieNode): boolean {
  let known = wordStarts.get(trie);
  if (known === undefined) wordStarts.set(trie, (known = [...trie.next.keys()].every((c) => /^[a-z0-9]$/.test(c))));
  return known;
}

/** The same for a line of plain ASCII, word start by word start (the regex engine skips the rest). */
function* asciiPhrasesIn(line: string, trie: TrieNode): Generator<{ at: number; length: number; phrase: Phrase }> {
  const folded = line.toLowerCase();
  // A letter or digit, for a line of plain ASCII: the same test as WORD_CHAR without a regex per character.
  const isWord = (i: number): boolean => isAsciiAlphanumeric(line.charCodeAt(i));
  // Each match is a whole word, so its index is a word start; a phrase found ends at a word's end.
  const word = /[a-z0-9]+/g;
  for (let m = word.exec(folded); m; m = word.exec(folded)) {
    const at = m.index;
    const found = walk(trie, at, line.length, (i) => folded[i], isWord);
    if (!found) continue;
    yield { at, ...found };
    word.lastIndex = at + found.length;
  }
}

/** The longest phrase of the trie that starts at `at` and ends at a word's end. */
function walk(
  trie: TrieNode,
  at: number,
  end: number,
  keyAt: (i: number) => string,
  isWord: (i: number) => boolean,
): { length: number; phrase: Phrase } | undefined {
  let node: TrieNode | undefined = trie;
  let found: { length: number; phrase: Phrase } | undefined;
  for (let i = at; node && i < end; i++) {
    node = node.next.get(keyAt(i));
    if (node?.phrase && !(i + 1 < end && isWord(i + 1))) found = { length: i + 1 - at, phrase: node.phrase };
  }
  return found;
}

/**
 * The phrases the prose holds at all, for a list short enough to look for at once: most documents
 * hold none, and one pass of an alternation of the phrases over the lines (about 16 µs for a 10 KB
 * post-mortem) is cheaper than walking the trie from every word (a fifth of a whole lint of 10,000
 * post-mortems) or a substring search per phrase (78 µs). Only for phrases of plain ASCII: the
 * alternation ignores case as the trie's lower-casing does (see `anyOf`), and only the lines it finds
 * anything on are lower-cased.
 */
function presentIn(prose: readonly string[], phrases: readonly Phrase[]): readonly Phrase[] {
  if (phrases.length > 64 || !phrases.every((p) => /^[\x20-\x7e]*$/.test(p.phrase))) return phrases;
  const any = anyOf(phrases);
  const holding: string[] = [];
  for (const line of prose) if (line !== '' && any.test(line)) holding.push(line.toLowerCase());
  return holding.length === 0 ? [] : phrases.filter((p) => holding.some((line) => line.includes(p.phrase.toLowerCase())));
}

/**
 * One case-insensitive regex for a list of phrases: literal alternatives (escaped), so linear in the
 * text; the last lists' kept. A non-ASCII character never matches an ASCII letter under `i`, and the
 * trie lower-cases one into ASCII, the Kelvin sign (into `k`): the pattern takes it for a `k` too.
 * Testing each line so (17 µs for a 10 KB post-mortem) spares lower-casing every line first (25 µs).
 */
const alternations = new Map<string, RegExp>();
function anyOf(phrases: readonly Phrase[]): RegExp {
  const key = phrases.map((p) => p.phrase.toLowerCase()).join('\n');
  let regex = alternations.get(key);
  if (!regex) {
    if (alternations.size >= 16) alternations.clear();
    regex = new RegExp(
      key
        .split('\n')
        .map((p) => escapeRegex(p).replace(/k/g, '[k\\u212a]'))
        .join('|'),
      'i',
    );
    alternations.set(key, regex);
  }
  return regex;
}

export const blameLanguage: Rule = {
  code: 'blame-language',
  defaultSeverity: 'information',
  description: 'Wording that blames people ("human error", "should have", "failed to"…); a configurable list.',
  *check(context) {
    const { config } = context;
    const allowed = new Set(config.allowWords.map((w) => w.toLowerCase()));
    const phrases = [
      ...PHRASES,
      ...config.blameWords.map((phrase) => ({
        phrase,
        hint: 'Your team lists this as blaming language: describe the system, not the person.',
        replacement: undefined,
      })),
    ].filter((p) => p.phrase.trim() !== '' && !allowed.has(p.phrase.toLowerCase()));
    const prose = proseLines(context);
    const present = presentIn(prose, phrases);
    if (present.length === 0) return;
    const trie = buildTrie(present);
    for (let line = 0; line < prose.length; line++) {
      if (!prose[line]) continue;
      for (const { at, length, phrase } of phrasesIn(prose[line], trie)) {
        const range = lineRangeOf(line, at, length);
        const fixes: Fix[] = phrase.replacement ? [{ title: `Replace with "${phrase.replacement}"`, edits: [{ range, newText: phrase.replacement }] }] : [];
        yield { message: `"${prose[line].slice(at, at + length)}" can read as blame. ${phrase.hint}`, range, fixes };
      }
    }
  },
};
