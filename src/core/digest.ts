import { compareText, completionRate, isOverdue, type IndexedFile, type IndexedItem } from './actionIndex';
import { NO_SEVERITY, addMonths, factorWords, groupBy, median, minutesOf, monthOf, severityKey } from './insights';
import { addPerson, detailLevel, lineRedactor, type Audience, type PublishConfig } from './redact';
import { escapeHtml, htmlPage } from './publish';
import { escapeCell } from './tableEdit';
import { HEALTHY_RATE } from './report';
import { formatMinutes } from './timeline';
import { isHighPriority, priorityLevel } from './vocabulary';

/** One post-mortem of the month, as the digest shows it (already redacted for the audience). */
export interface DigestEntry {
  readonly file: string;
  readonly title: string;
  readonly date: string;
  readonly severity: string;
  /** Minutes from the timeline's first event to its resolution; undefined without a timed timeline. */
  readonly duration: number | undefined;
  readonly summary: string;
  readonly impact: string;
  readonly rootCause: string;
  readonly lessons: string;
}

/** Median and worst of a measure over the month's post-mortems, in minutes. */
export interface Spread {
  readonly median: number | undefined;
  readonly worst: number | undefined;
  readonly count: number;
}

export interface Recurring {
  readonly kind: 'contributing factor' | 'service' | 'tag';
  readonly value: string;
  /** Post-mortems over the digest's month and the two before it. */
  readonly count: number;
  readonly months: readonly string[];
}

export interface OverdueItem {
  readonly file: string;
  readonly title: string;
  readonly action: string;
  readonly priority: string;
  readonly owner: string;
  readonly due: string;
}

/** Everything a monthly digest says, from the index alone. */
export interface Digest {
  readonly month: string;
  readonly audience: Audience;
  readonly today: string;
  readonly entries: readonly DigestEntry[];
  readonly bySeverity: readonly { readonly severity: string; readonly count: number }[];
  readonly detect: Spread;
  readonly mitigate: Spread;
  readonly resolve: Spread;
  /** Items of the month's post-mortems (opened with them) and items done in the month, by type. */
  readonly opened: readonly { readonly type: string; readonly count: number }[];
  readonly closed: readonly { readonly type: string; readonly count: number }[];
  /** P0/P1 items due in the month: done on time against the ones done or past due. */
  readonly completion: { readonly onTime: number; readonly counted: number; readonly rate: number | undefined; readonly healthy: boolean | undefined };
  /** P0/P1 items not done and past due today, across every post-mortem: the longest overdue, at most `OVERDUE_SHOWN`. */
  readonly overdue: readonly OverdueItem[];
  /** How many there are in all. */
  readonly overdueCount: number;
  readonly recurring: readonly Recurring[];
  /** Incidents per month, the digest's month and the five before it. */
  readonly trend: readonly { readonly month: string; readonly count: number }[];
}

/** The digest lists at most this many overdue P0/P1 items, the longest overdue first (it counts them all). */
const OVERDUE_SHOWN = 50;

/** "2 SEV1, 1 without a severity": the incidents by severity, as a sentence reads them. */
function severityCounts(d: Digest): string {
  return d.bySeverity.map((s) => `${s.count} ${s.severity === NO_SEVERITY ? 'without a severity' : s.severity}`).join(', ');
}

/** The overdue list's heading: how many there are, and how many are listed when that is fewer. */
function overdueHeading(d: Digest): string {
  const shown = d.overdue.length < d.overdueCount ? `, the ${d.overdue.length} longest overdue listed` : '';
  return `Open P0/P1 items past due (${d.overdueCount}${shown})`;
}

/** The month before a month or a day's month (`2026-03` or `2026-03-05` → `2026-02`). */
export function previousMonth(monthOrDay: string): string {
  return addMonths(monthOrDay.slice(0, 7), -1);
}

function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: undefined, worst: undefined, count: 0 };
  return { median: median(values), worst: Math.max(...values), count: values.length };
}

const typeOf = (item: IndexedItem): string => item.type.trim() || 'No type';

/** `monthOf(date) === month` for a `yyyy-MM` month, without the copy: 65,000 items' dates are asked. */
function isInMonth(date: string | undefined, month: string): boolean {
  return date !== undefined && date.startsWith(month) && monthOf(month) === month && monthOf(date) === month;
}

function countBy<T>(values: readonly T[], key: (value: T) => string): { type: string; count: number }[] {
  return [...groupBy(values, key)].map(([type, group]) => ({ type, count: group.length })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/**
 * The monthly digest of `month` (`yyyy-MM`) for an audience, from the index's post-mortems: each
 * post-mortem of the month (by incident date) with its summary, impact, root cause and lessons; the
 * incidents by severity; the median and worst time to detect, mitigate and resolve (Analyze Gaps'
 * numbers); action items opened and closed in the month by type; P0/P1 completion against 80% (the
 * Action Items view's rule, items due in the month); P0/P1 items overdue today; and the contributing
 * factors, services and tags that recur over this month and the two before. Every text is redacted
 * for the audience (`publish`), with the people each post-mortem names.
 */
export function digest(
  all: Iterable<IndexedFile>,
  month: string,
  audience: Audience,
  today: string,
  publish: PublishConfig,
  extraPeople: readonly string[] = [],
): Digest {
  const postmortems = [...all].filter((f) => f.kind === 'postmortem');
  // Each post-mortem's month, read once (the month's, the recurring window's and the trend's all ask).
  const months = new Map(postmortems.map((f) => [f, monthOf(f.incidentDate)]));
  const ofMonth = postmortems
    .filter((f) => months.get(f) === month)
    .sort((a, b) => compareText(a.incidentDate ?? '', b.incidentDate ?? '') || a.title.localeCompare(b.title));
  const level = detailLevel(audience, publish);
  // Every name any post-mortem gives: a name from one may be repeated in another.
  const people: Record<string, string> = {};
  if (level?.redact.includes('people')) {
    // A text read once gives nothing more when it comes again (the first role a name gets stays): owners repeat by the thousand.
    const read = new Set<string>();
    const add = (written: string, role: string): void => {
      if (read.has(written)) return;
      read.add(written);
      addPerson(people, written, role);
    };
    for (const name of extraPeople) add(name, 'a responder');
    for (const f of postmortems) {
      for (const name of f.people) add(name, 'a responder');
      for (const item of f.items) add(item.owner, 'an engineer');
    }
  }
  const redactLine = level ? lineRedactor(level.redact, publish, people) : (line: string) => line;
  // Titles and owners repeat across the overdue items: each text is redacted once.
  const redacted = new Map<string, string>();
  const redact = (text: string): string => {
    const known = redacted.get(text);
    if (known !== undefined) return known;
    const out = text
      .split('\n')
      .map((line) => redactLine(line))
      .join('\n');
    redacted.set(text, out);
    return out;
  };

  const entries = ofMonth.map((f) => ({
    file: f.file,
    title: redact(f.title),
    date: f.incidentDate ?? month,
    severity: redact(severityKey(f.severity)),
    duration: minutesOf(f, 'duration'),
    summary: redact(f.text?.summary ?? ''),
    impact: redact(f.text?.impact ?? ''),
    rootCause: redact(f.text?.rootCause ?? ''),
    lessons: redact(f.text?.lessons ?? ''),
  }));
  const bySeverity = countBy(entries, (e) => e.severity).map(({ type, count }) => ({ severity: type, count }));
  // By name, the incidents without a severity last (as Insights orders them).
  bySeverity.sort((a, b) => Number(a.severity === NO_SEVERITY) - Number(b.severity === NO_SEVERITY) || a.severity.localeCompare(b.severity));
  const measure = (key: 'detect' | 'mitigate' | 'resolve'): Spread => spread(ofMonth.map((f) => minutesOf(f, key)).filter((m): m is number => m !== undefined));
  // One pass over every item: P0/P1 due this month, P0/P1 overdue, and what was closed this month.
  const dueInMonth: IndexedItem[] = [];
  const overdue: IndexedItem[] = [];
  const closedInMonth: IndexedItem[] = [];
  for (const f of postmortems) {
    for (const i of f.items) {
      if (isHighPriority(i.priority)) {
        if (i.state !== 'declined' && isInMonth(i.dueDate, month)) dueInMonth.push(i);
        if (isOverdue(i, today)) overdue.push(i);
      }
      if (i.done && isInMonth(i.doneDate, month)) closedInMonth.push(i);
    }
  }
  const rate = completionRate(dueInMonth, today);
  const titles = new Map(postmortems.map((f) => [f.file, f.title]));
  overdue.sort((a, b) => compareText(a.dueDate ?? '', b.dueDate ?? ''));
  // Only the items shown are redacted: a workspace may have thousands overdue.
  const overdueShown = overdue.slice(0, OVERDUE_SHOWN).map((i) => ({
    file: i.file,
    title: redact(titles.get(i.file) ?? i.file),
    action: redact(i.action),
    priority: priorityLevel(i.priority) ?? i.priority,
    owner: redact(i.owner),
    due: i.dueDate ?? i.due,
  }));
  // Recurring: over this month and the two before, among post-mortems of which one is this month's.
  const window = new Set([addMonths(month, -2), addMonths(month, -1), month]);
  const recent = postmortems.filter((f) => window.has(months.get(f) ?? ''));
  const recurring: Recurring[] = [];
  const gather = (kind: Recurring['kind'], valuesOf: (f: IndexedFile) => Iterable<string>): void => {
    const seen = new Map<string, IndexedFile[]>();
    for (const f of recent) for (const v of new Set(valuesOf(f))) (seen.get(v) ?? seen.set(v, []).get(v)!).push(f);
    for (const [value, files] of seen) {
      if (files.length < 2 || !files.some((f) => months.get(f) === month)) continue;
      const shown = redact(value);
      recurring.push({ kind, value: shown, count: files.length, months: [...new Set(files.map((f) => months.get(f)!))].sort() });
    }
  };
  gather('service', (f) => f.text?.services ?? []);
  gather('tag', (f) => f.text?.tags ?? []);
  gather('contributing factor', factorWords);
  recurring.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
  const perMonth = new Map<string | undefined, number>();
  for (const m of months.values()) perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
  const trend = Array.from({ length: 6 }, (_, i) => addMonths(month, i - 5)).map((m) => ({ month: m, count: perMonth.get(m) ?? 0 }));
  return {
    month,
    audience,
    today,
    entries,
    bySeverity,
    detect: measure('detect'),
    mitigate: measure('mitigate'),
    resolve: measure('resolve'),
    opened: countBy(
      ofMonth.flatMap((f) => f.items),
      typeOf,
    ),
    closed: countBy(closedInMonth, typeOf),
    completion: { onTime: rate.onTime, counted: rate.counted, rate: rate.rate, healthy: rate.rate === undefined ? undefined : rate.rate >= HEALTHY_RATE },
    overdue: overdueShown,
    overdueCount: overdue.length,
    recurring: recurring.slice(0, 12),
    trend,
  };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** `2026-03` → `March 2026`. */
export function monthName(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

const minutes = (value: number | undefined): string => (value === undefined ? '–' : formatMinutes(value));
const percent = (rate: number | undefined): string => (rate === undefined ? '–' : `${Math.round(rate * 100)}%`);

/** Text for a Mermaid label: no quotes, brackets or line breaks from a document can end it. */
function mermaidText(text: string): string {
  return (
    text
      .replace(/["\\[\]{}<>#;`\n\r]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 40) || '?'
  );
}

/** Text in a Markdown table cell or paragraph: HTML escaped, one line, pipes escaped as a table edit escapes them. */
function cell(text: string): string {
  const oneLine = text
    .split('\n')
    .map((l) => l.trim())
    .join(' ')
    .trim();
  return escapeCell(oneLine.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)) || '–';
}

const AUDIENCE_NOTE: Readonly<Record<Audience, string>> = {
  internal: 'Internal: everything, for the team.',
  org: 'For the organisation: people as roles; e-mail addresses, customers and team terms removed.',
  public: 'Public: only what readers outside need to learn; people, addresses, hosts, links, tickets, customers and team terms removed.',
};

/**
 * The digest as Markdown, with its charts as Mermaid blocks (`pie`, `xychart-beta`: GitHub and GitLab
 * draw them). `linkOf` gives each post-mortem's link (none at `public`: file paths are internal).
 */
export function digestMarkdown(d: Digest, linkOf: (file: string) => string | undefined = (f) => f): string {
  const out: string[] = [];
  const total = d.entries.length;
  // The type tells readers of post-mortems (this extension, the CLI) that a digest is none.
  out.push('---', 'type: postmortem-digest', `month: ${d.month}`, `audience: ${d.audience}`, '---', '');
  out.push(`# Post-Mortem Digest: ${monthName(d.month)}`, '', `_${AUDIENCE_NOTE[d.audience]} Generated ${d.today}._`, '');
  out.push('## At a glance', '');
  out.push(`- **${total} incident${total === 1 ? '' : 's'}**${d.bySeverity.length ? `: ${severityCounts(d)}` : ''}`);
  out.push(`- **Time to detect**: median ${minutes(d.detect.median)}, worst ${minutes(d.detect.worst)} (${d.detect.count} with a timed timeline)`);
  out.push(`- **Time to mitigate**: median ${minutes(d.mitigate.median)}, worst ${minutes(d.mitigate.worst)}`);
  out.push(`- **Time to resolve**: median ${minutes(d.resolve.median)}, worst ${minutes(d.resolve.worst)}`);
  const c = d.completion;
  out.push(
    `- **P0/P1 action items due this month done on time**: ${percent(c.rate)} (${c.onTime} of ${c.counted})${c.healthy === undefined ? '' : c.healthy ? ', at or above the healthy 80%' : ', below the healthy 80%'}`,
  );
  out.push(`- **Action items** opened: ${d.opened.reduce((s, o) => s + o.count, 0)}; closed: ${d.closed.reduce((s, o) => s + o.count, 0)}`);
  out.push('');
  if (total > 0) {
    out.push(
      '```mermaid',
      'pie showData',
      '    title Incidents by severity',
      ...d.bySeverity.map((s) => `    "${mermaidText(s.severity)}" : ${s.count}`),
      '```',
      '',
    );
  }
  const max = Math.max(1, ...d.trend.map((t) => t.count));
  out.push(
    '```mermaid',
    'xychart-beta',
    '    title "Incidents per month"',
    `    x-axis [${d.trend.map((t) => `"${monthName(t.month).slice(0, 3)} ${t.month.slice(2, 4)}"`).join(', ')}]`,
    `    y-axis "Incidents" 0 --> ${max}`,
    `    bar [${d.trend.map((t) => t.count).join(', ')}]`,
    '```',
    '',
  );
  out.push('## Incidents', '');
  if (total === 0) out.push(`No post-mortem has an incident date in ${monthName(d.month)}.`, '');
  for (const e of d.entries) {
    const link = d.audience === 'public' ? undefined : linkOf(e.file);
    out.push(`### ${cell(e.title)}`, '');
    out.push(
      `${e.date} · ${cell(e.severity)} · ${e.duration === undefined ? 'duration unknown' : formatMinutes(e.duration)}${link ? ` · [post-mortem](${encodeURI(link)})` : ''}`,
      '',
    );
    if (e.summary) out.push(cell(e.summary), '');
    if (e.impact) out.push(`**Impact**: ${cell(e.impact)}`, '');
    if (e.rootCause) out.push(`**Root cause**: ${cell(e.rootCause)}`, '');
    if (e.lessons) out.push(`**Lessons learned**: ${cell(e.lessons)}`, '');
  }
  out.push('## Action items', '');
  out.push('| Type | Opened | Closed |', '|---|---|---|');
  const types = [...new Set([...d.opened.map((o) => o.type), ...d.closed.map((o) => o.type)])].sort();
  for (const type of types) {
    out.push(`| ${cell(type)} | ${d.opened.find((o) => o.type === type)?.count ?? 0} | ${d.closed.find((o) => o.type === type)?.count ?? 0} |`);
  }
  if (types.length === 0) out.push('| – | 0 | 0 |');
  out.push('');
  out.push(`### ${overdueHeading(d)}`, '');
  if (d.overdue.length === 0) out.push('None.', '');
  else {
    out.push('| Due | Priority | Action | Owner | Post-mortem |', '|---|---|---|---|---|');
    for (const o of d.overdue) out.push(`| ${o.due} | ${cell(o.priority)} | ${cell(o.action)} | ${cell(o.owner)} | ${cell(o.title)} |`);
    out.push('');
  }
  out.push('## Recurring', '');
  if (d.recurring.length === 0) out.push('Nothing recurs over the last three months.', '');
  else {
    out.push('Seen in more than one incident over this month and the two before:', '');
    for (const r of d.recurring) out.push(`- ${r.kind} **${cell(r.value)}**: ${r.count} incidents (${r.months.map((m) => monthName(m)).join(', ')})`);
    out.push('');
  }
  return out.join('\n');
}

/** A horizontal bar chart as inline SVG: one bar per row, the value written at its end. */
export function barChartSvg(title: string, rows: readonly { readonly label: string; readonly value: number; readonly colour?: string }[]): string {
  const width = 560;
  const labelWidth = 140;
  const barHeight = 22;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = rows.length * (barHeight + 6) + 8;
  const bars = rows
    .map((r, i) => {
      const y = 4 + i * (barHeight + 6);
      const w = Math.round(((width - labelWidth - 40) * r.value) / max);
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(r.label)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="${r.colour ?? '#4b6cb7'}"><title>${escapeHtml(`${r.label}: ${r.value}`)}</title></rect><text x="${labelWidth + w + 6}" y="${y + 15}">${r.value}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="system-ui, sans-serif">${bars}</svg>`;
}

/** The digest as one self-contained HTML page: inline style, charts as inline SVG, nothing loaded from anywhere. */
export function digestHtml(d: Digest, linkOf: (file: string) => string | undefined = (f) => f): string {
  const total = d.entries.length;
  const c = d.completion;
  const severityColours = ['#c62828', '#ef6c00', '#f9a825', '#1565c0', '#2e7d32'];
  const body: string[] = [];
  body.push(
    `<h1>Post-Mortem Digest: ${escapeHtml(monthName(d.month))}</h1>`,
    `<p class="note">${escapeHtml(AUDIENCE_NOTE[d.audience])} Generated ${escapeHtml(d.today)}.</p>`,
  );
  body.push('<h2>At a glance</h2><ul>');
  body.push(`<li><strong>${total} incident${total === 1 ? '' : 's'}</strong>${d.bySeverity.length ? `: ${escapeHtml(severityCounts(d))}` : ''}</li>`);
  for (const [name, s] of [
    ['Time to detect', d.detect],
    ['Time to mitigate', d.mitigate],
    ['Time to resolve', d.resolve],
  ] as const) {
    body.push(`<li><strong>${name}</strong>: median ${escapeHtml(minutes(s.median))}, worst ${escapeHtml(minutes(s.worst))}</li>`);
  }
  body.push(`<li><strong>P0/P1 items due this month done on time</strong>: ${percent(c.rate)} (${c.onTime} of ${c.counted}; healthy: 80%)</li></ul>`);
  body.push(
    '<div class="charts">',
    `<figure>${barChartSvg(
      'Incidents by severity',
      d.bySeverity.map((s, i) => ({ label: s.severity, value: s.count, colour: severityColours[i % severityColours.length] })),
    )}<figcaption>Incidents by severity</figcaption></figure>`,
    `<figure>${barChartSvg(
      'Incidents per month',
      d.trend.map((t) => ({ label: monthName(t.month), value: t.count })),
    )}<figcaption>Incidents per month</figcaption></figure>`,
    '</div>',
  );
  body.push('<h2>Incidents</h2>');
  if (total === 0) body.push(`<p>No post-mortem has an incident date in ${escapeHtml(monthName(d.month))}.</p>`);
  for (const e of d.entries) {
    const link = d.audience === 'public' ? undefined : linkOf(e.file);
    body.push(`<section class="incident"><h3>${escapeHtml(e.title)}</h3>`);
    body.push(
      `<p class="facts">${escapeHtml(`${e.date} · ${e.severity} · ${e.duration === undefined ? 'duration unknown' : formatMinutes(e.duration)}`)}${link ? ` · <a href="${escapeHtml(encodeURI(link))}">post-mortem</a>` : ''}</p>`,
    );
    for (const [label, text] of [
      ['', e.summary],
      ['Impact', e.impact],
      ['Root cause', e.rootCause],
      ['Lessons learned', e.lessons],
    ] as const) {
      if (text) body.push(`<p>${label ? `<strong>${label}</strong>: ` : ''}${escapeHtml(text)}</p>`);
    }
    body.push('</section>');
  }
  body.push('<h2>Action items</h2><table><thead><tr><th>Type</th><th>Opened</th><th>Closed</th></tr></thead><tbody>');
  const types = [...new Set([...d.opened.map((o) => o.type), ...d.closed.map((o) => o.type)])].sort();
  for (const type of types) {
    body.push(
      `<tr><td>${escapeHtml(type)}</td><td>${d.opened.find((o) => o.type === type)?.count ?? 0}</td><td>${d.closed.find((o) => o.type === type)?.count ?? 0}</td></tr>`,
    );
  }
  body.push('</tbody></table>');
  body.push(`<h3>${escapeHtml(overdueHeading(d))}</h3>`);
  if (d.overdue.length === 0) body.push('<p>None.</p>');
  else {
    body.push('<table><thead><tr><th>Due</th><th>Priority</th><th>Action</th><th>Owner</th><th>Post-mortem</th></tr></thead><tbody>');
    for (const o of d.overdue) body.push(`<tr>${[o.due, o.priority, o.action, o.owner, o.title].map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`);
    body.push('</tbody></table>');
  }
  body.push('<h2>Recurring</h2>');
  if (d.recurring.length === 0) body.push('<p>Nothing recurs over the last three months.</p>');
  else {
    body.push(
      `<ul>${d.recurring.map((r) => `<li>${escapeHtml(r.kind)} <strong>${escapeHtml(r.value)}</strong>: ${r.count} incidents (${escapeHtml(r.months.map(monthName).join(', '))})</li>`).join('')}</ul>`,
    );
  }
  return htmlPage(`Post-Mortem Digest: ${monthName(d.month)}`, body.join('\n'));
}
