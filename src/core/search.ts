import MiniSearch, { type SearchResult } from 'minisearch';
import type { ActionModel } from './actionModel';
import type { IndexedFile } from './actionIndex';
import { SERVICE_LABELS, TAG_LABELS, TEAM_LABELS, type SectionKind } from './vocabulary';
import { detach, trimEndOf } from './text';

/**
 * What search and "Related" read of a post-mortem, kept in the index beside its action items (no
 * second parse): the first words of the sections people search, as plain text, and the services and
 * tags its metadata names. Each text is cut at a sentence end near its limit: the first sentences
 * say what a section is about, and 10,000 post-mortems stay within the index's memory.
 */
export interface SearchText {
  readonly summary: string;
  /** The impact section's first words (for the digest's impact line; not searched). */
  readonly impact: string;
  readonly rootCause: string;
  readonly lessons: string;
  readonly factors: string;
  /** Lower case, as written otherwise (`payments-api`). */
  readonly services: readonly string[];
  readonly tags: readonly string[];
  /** As written (`Payments`), for Insights' team filter. */
  readonly teams: readonly string[];
}

/**
 * The sections each field reads, in order, and how many characters it keeps: about 1,000 characters
 * per post-mortem, 10 MB for 10,000 of them (the index's memory goal is 50 MB in all).
 */
const FIELD_SECTIONS: Readonly<Record<'summary' | 'impact' | 'rootCause' | 'lessons' | 'factors', { kinds: readonly SectionKind[]; limit: number }>> = {
  summary: { kinds: ['executiveSummary', 'impact'], limit: 280 },
  impact: { kinds: ['impact'], limit: 160 },
  rootCause: { kinds: ['rootCause', 'trigger'], limit: 280 },
  lessons: { kinds: ['lessonsLearned', 'couldBeImproved'], limit: 160 },
  factors: { kinds: ['contributingFactors'], limit: 160 },
};

/** Reads the search text of a document; `lines` is asked for only when a section is read. */
export function searchTextOf(model: Pick<ActionModel, 'sections' | 'metadata' | 'frontMatter'>, lines: () => readonly string[]): SearchText {
  const field = ({ kinds, limit }: { kinds: readonly SectionKind[]; limit: number }): string => {
    let text = '';
    const read: { start: number; end: number }[] = [];
    for (const kind of kinds) {
      for (const section of model.sections) {
        if (section.kind !== kind && !(kind === 'executiveSummary' && section.source === 'lead')) continue;
        // A sub-section ("### 5 Whys" under the root cause) was read with its section.
        if (read.some((r) => r.start <= section.heading.start.line && section.body.end <= r.end)) continue;
        read.push({ start: section.body.start, end: section.body.end });
        const all = lines();
        for (let line = section.body.start; line < section.body.end && text.length < limit; line++) {
          const raw = all[line] ?? '';
          if (/^ {0,3}#/.test(raw)) continue; // a sub-heading is no sentence
          const plain = plainLine(raw);
          // Items of a list run on as clauses; a paragraph's lines as the one sentence they are.
          const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s/.test(raw);
          if (plain !== '') text += (text === '' ? '' : item && !/[.!?:;]$/.test(text) ? '; ' : ' ') + plain;
        }
        if (text.length >= limit) return detach(cut(text, limit));
      }
    }
    return detach(text);
  };
  const named = (labels: ReadonlySet<string>, lower = true): string[] => {
    const values = new Set<string>();
    const add = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(add);
      else if (typeof value === 'string' || typeof value === 'number') {
        for (const part of String(value).split(/[,;]/)) {
          const plain = plainLine(part);
          const v = lower ? plain.toLowerCase() : plain;
          if (v !== '' && v.length <= 60 && values.size < 20) values.add(detach(v));
        }
      }
    };
    for (const entry of model.metadata) if (entry.source !== 'frontMatter' && labels.has(entry.label.trim().toLowerCase())) add(entry.value);
    const data = model.frontMatter?.data;
    if (data) for (const [key, value] of Object.entries(data)) if (labels.has(key.toLowerCase().replace(/[_-]/g, ' '))) add(value);
    return [...values];
  };
  return {
    summary: field(FIELD_SECTIONS.summary),
    impact: field(FIELD_SECTIONS.impact),
    rootCause: field(FIELD_SECTIONS.rootCause),
    lessons: field(FIELD_SECTIONS.lessons),
    factors: field(FIELD_SECTIONS.factors),
    services: named(SERVICE_LABELS),
    tags: named(TAG_LABELS),
    teams: named(TEAM_LABELS, false),
  };
}

/**
 * Cuts text at the last sentence end before the limit, else at the last space with "...": the digest
 * and the search results show it, and a sentence stopped mid-way must say it goes on. Three dots, not
 * "…": one character outside Latin-1 makes V8 keep the whole text at two bytes a character, and the
 * index held 3 MB more at 10,000 post-mortems with it.
 */
function cut(text: string, limit: number): string {
  const head = text.slice(0, limit);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (end > limit / 2) return head.slice(0, end + 1);
  const space = head.lastIndexOf(' ');
  return `${trimEndOf(space > 0 ? head.slice(0, space) : head, ',;:–—- ')}...`;
}

/** A Markdown line as words: links as their text, no list markers, emphasis, table pipes or comments. */
export function plainLine(text: string): string {
  if (text.includes('<!--')) return '';
  // A search text is a few hundred characters: a long line's head is enough (and keeps the link pattern's scan short).
  const line = text.length > 1000 ? text.slice(0, 1000) : text;
  return withoutLinkTargets(line)
    .replace(/^\s*(?:[-*+>]|\d{1,9}[.)])\s/, '')
    .replace(/!?\[|\]/g, '')
    .replace(/~~/g, '')
    .replace(/[*_`|#>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `[text](target)` → `[text]`: one pass (a pattern for it scans a line of `[` again from each). */
function withoutLinkTargets(line: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = line.indexOf('](', at);
    if (open < 0) break;
    const close = line.indexOf(')', open + 2);
    if (close < 0) break; // no `)` after it: no link target further on either
    out += line.slice(at, open + 1);
    at = close + 1;
  }
  return out + line.slice(at);
}

/** The fields search reads, with how much a match in each counts. */
const FIELDS = ['title', 'summary', 'rootCause', 'lessons', 'factors', 'services', 'tags'] as const;
type Field = (typeof FIELDS)[number];
const BOOST: Readonly<Record<Field, number>> = { title: 3, summary: 1.5, rootCause: 2, lessons: 1, factors: 1.5, services: 2, tags: 2 };
export const FIELD_LABELS: Readonly<Record<Field, string>> = {
  title: 'title',
  summary: 'summary',
  rootCause: 'root cause',
  lessons: 'lessons',
  factors: 'contributing factors',
  services: 'services',
  tags: 'tags',
};

/** Words that say nothing about an incident: left out of the index and of queries. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by did do does for from had has have he her his i if in into is it its ' +
    'no not of on or our she so than that the their them then there these they this those to too us was we ' +
    'were what when where which while who why will with would you your after before during all any also because ' +
    'can could should out up down over about more most some such only own same very just each other'
  ).split(' '),
);

function processTerm(term: string): string | null {
  const word = term.toLowerCase();
  // Short numbers ("Event 12", "5 minutes") find nothing and would be most of the index's words.
  return word.length < 2 || STOP_WORDS.has(word) || (word.length < 4 && /^\d+$/.test(word)) ? null : word;
}

/** One hit of a search: the file, its title, the score and which words matched where. */
export interface SearchHit {
  readonly file: string;
  readonly title: string;
  readonly score: number;
  /** Which fields matched which words: `title: database, failover; root cause: pool`. */
  readonly why: string;
}

/** A post-mortem related to another, with every reason it is. */
export interface RelatedHit {
  readonly file: string;
  readonly title: string;
  readonly incidentDate: string | undefined;
  readonly score: number;
  readonly why: readonly string[];
}

interface Document {
  readonly id: number;
  readonly file: string;
  readonly title: string;
  readonly summary: string;
  readonly rootCause: string;
  readonly lessons: string;
  readonly factors: string;
  readonly services: string;
  readonly tags: string;
}

/**
 * Full-text search over the index's post-mortems (MiniSearch: fuzzy and prefix matching, BM25
 * ranking, one document added or discarded at a time). `sync` brings it up to date with the index
 * by reading only the files whose summary changed since the last sync: the index replaces a file's
 * summary object whenever the file changes, so identity says what changed.
 */
export class PostmortemSearch {
  readonly #mini = new MiniSearch<Document>({ fields: [...FIELDS], storeFields: [], processTerm, idField: 'id' });
  /** What is indexed, by file: the summary it was read from and its id. */
  readonly #indexed = new Map<string, { summary: IndexedFile; id: number }>();
  readonly #byId = new Map<number, IndexedFile>();
  /** In how many post-mortems each word of what "Related" compares appears: it compares by the rare ones. */
  readonly #documentFrequency = new Map<string, number>();
  #nextId = 0;

  get size(): number {
    return this.#indexed.size;
  }

  /**
   * Adds the post-mortems that are new or changed and drops the ones gone. Stops early (returning
   * false) when `stop` says so, to let a caller yield between slices; the next call goes on.
   */
  sync(files: ReadonlyMap<string, IndexedFile>, stop: () => boolean = () => false): boolean {
    for (const [file, entry] of this.#indexed) {
      const now = files.get(file);
      if (now !== entry.summary) this.#drop(file, entry.id);
    }
    let count = 0;
    for (const [file, summary] of files) {
      if (summary.kind !== 'postmortem' || this.#indexed.has(file)) continue;
      const id = this.#nextId++;
      this.#mini.add(documentOf(id, summary));
      for (const word of relatedWords(summary)) this.#documentFrequency.set(word, (this.#documentFrequency.get(word) ?? 0) + 1);
      this.#indexed.set(file, { summary, id });
      this.#byId.set(id, summary);
      if (++count % 64 === 0 && stop()) return false;
    }
    return true;
  }

  #drop(file: string, id: number): void {
    this.#mini.discard(id);
    const summary = this.#byId.get(id);
    if (summary) {
      for (const word of relatedWords(summary)) {
        const count = (this.#documentFrequency.get(word) ?? 1) - 1;
        if (count > 0) this.#documentFrequency.set(word, count);
        else this.#documentFrequency.delete(word);
      }
    }
    this.#indexed.delete(file);
    this.#byId.delete(id);
  }

  /** The post-mortems matching the query, best first: fuzzy (a typo per five letters) and by prefix. */
  search(query: string, limit = 50): SearchHit[] {
    const results = this.#mini.search(query, {
      boost: BOOST,
      fuzzy: (term) => (term.length > 4 ? 0.2 : false),
      prefix: (term) => term.length > 2,
      combineWith: 'OR',
    });
    // Documents that match every word of the query before those that match some.
    const words = new Set(results.flatMap((r) => r.queryTerms));
    const complete = (r: SearchResult): number => (words.size > 1 && new Set(r.queryTerms).size === words.size ? 1 : 0);
    results.sort((a, b) => complete(b) - complete(a) || b.score - a.score);
    const hits: SearchHit[] = [];
    for (const result of results.slice(0, limit)) {
      const summary = this.#byId.get(result.id as number);
      if (summary) hits.push({ file: summary.file, title: summary.title, score: round(result.score), why: whyOf(result) });
    }
    return hits;
  }

  /**
   * The post-mortems related to one (indexed or not): the same services or tags, and the words their
   * titles, root causes and contributing factors share (rare words count more), best first.
   */
  related(of: IndexedFile, limit = 10): RelatedHit[] {
    const text = of.text;
    if (!text) return [];
    const scores = new Map<number, { score: number; why: string[] }>();
    const entry = (id: number): { score: number; why: string[] } => {
      let found = scores.get(id);
      if (!found) scores.set(id, (found = { score: 0, why: [] }));
      return found;
    };
    const ownId = this.#indexed.get(of.file)?.id;
    for (const [field, values] of [
      ['services', text.services],
      ['tags', text.tags],
    ] as const) {
      for (const value of values) {
        const matches = this.#mini.search(value, { fields: [field], combineWith: 'AND' });
        for (const match of matches) {
          const other = this.#byId.get(match.id as number);
          if (match.id === ownId || !other?.text?.[field].includes(value)) continue;
          const e = entry(match.id as number);
          e.score += field === 'services' ? 3 : 2;
          e.why.push(`same ${field === 'services' ? 'service' : 'tag'}: ${value}`);
        }
      }
    }
    // The words it shares with a few others (not with itself alone, nor with most: those relate nothing), rarest first.
    const most = Math.max(3, this.size / 10);
    const words = [...relatedWords(of)]
      .map((word) => [word, this.#documentFrequency.get(word) ?? 0] as const)
      .filter(([, count]) => count >= 2 && count <= most)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 12)
      .map(([word]) => word);
    if (words.length > 0) {
      const matches = this.#mini.search(words.join(' '), { fields: ['title', 'rootCause', 'factors', 'summary'], boost: BOOST, combineWith: 'OR' });
      // Scores against the post-mortem's own: how much of what it says another one says too.
      const top = matches.find((m) => m.id === ownId)?.score ?? matches[0]?.score ?? 0;
      for (const match of matches) {
        if (match.id === ownId || top === 0) continue;
        const similarity = Math.min(1, match.score / top);
        if (similarity < MIN_SIMILARITY) continue;
        const shared = byField(match);
        const e = entry(match.id as number);
        e.score += 4 * similarity;
        for (const field of ['title', 'rootCause', 'factors', 'summary'] as const) {
          const terms = shared[field];
          if (terms) e.why.push(`similar ${FIELD_LABELS[field]}: ${terms.slice(0, 4).join(', ')}`);
        }
      }
    }
    const hits: RelatedHit[] = [];
    for (const [id, { score, why }] of scores) {
      const other = this.#byId.get(id);
      if (other && other.file !== of.file) hits.push({ file: other.file, title: other.title, incidentDate: other.incidentDate, score: round(score), why });
    }
    return hits.sort((a, b) => b.score - a.score || (b.incidentDate ?? '').localeCompare(a.incidentDate ?? '')).slice(0, limit);
  }
}

function documentOf(id: number, summary: IndexedFile): Document {
  const text = summary.text;
  return {
    id,
    file: summary.file,
    title: summary.title,
    summary: text?.summary ?? '',
    rootCause: text?.rootCause ?? '',
    lessons: text?.lessons ?? '',
    factors: text?.factors ?? '',
    services: text?.services.join(' ') ?? '',
    tags: text?.tags.join(' ') ?? '',
  };
}

/** How much of a post-mortem's words another must share (its score against the post-mortem's own) to be related by them. */
const MIN_SIMILARITY = 0.05;

/** Words every post-mortem's title may carry: they relate nothing. */
const GENERIC_WORDS: ReadonlySet<string> = new Set(
  'incident report postmortem post mortem retrospective review summary outage issue problem analysis rca sev sev1 sev2 sev3 customers users service'.split(' '),
);

/** The distinct words of the fields "Related" compares, as the index has them. */
function relatedWords(summary: IndexedFile): Set<string> {
  const words = new Set<string>();
  const text = summary.text;
  if (!text) return words;
  for (const field of [summary.title, text.rootCause, text.factors, text.summary]) {
    for (const raw of field.split(/[^\p{L}\p{N}]+/u)) {
      const word = processTerm(raw);
      if (word && word.length > 2 && !GENERIC_WORDS.has(word) && !/^\d+$/.test(word)) words.add(word);
    }
  }
  return words;
}

/** The words that matched, by field (the document's words, as indexed). */
function byField(result: SearchResult): Partial<Record<Field, string[]>> {
  const fields: Partial<Record<Field, string[]>> = {};
  for (const [term, matched] of Object.entries(result.match)) {
    for (const field of matched as Field[]) (fields[field] ??= []).push(term);
  }
  return fields;
}

function whyOf(result: SearchResult): string {
  const fields = byField(result);
  return FIELDS.filter((f) => fields[f])
    .map((f) => `${FIELD_LABELS[f]}: ${fields[f]!.join(', ')}`)
    .join('; ');
}

function round(score: number): number {
  return Math.round(score * 100) / 100;
}
