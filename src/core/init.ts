import type { PostmortemModel, SectionKind } from './model';
import { SECTION_KINDS, SECTION_TITLES, priorityLevel } from './vocabulary';

/** What `inferTeamConfig` reads of each post-mortem. */
export type InferInput = Pick<PostmortemModel, 'sections' | 'metadata' | 'timelines' | 'actionItems'> & { readonly path?: string };

/** Sections used by at least this share of the post-mortems become required. */
const REQUIRED_SHARE = 0.6;

/**
 * A commented `.postmortem.yaml` inferred from the post-mortems already in a workspace: the sections
 * most of them use (required), the owners and severities they name, and, as comments, the date and
 * time conventions they follow. The result parses with `parseTeamConfig` without problems.
 */
export function inferTeamConfig(documents: readonly InferInput[], today: string): string {
  const n = documents.length;
  const out: string[] = [
    `# .postmortem.yaml: inferred by "postmortem init" from ${n} post-mortem${n === 1 ? '' : 's'} on ${today}.`,
    '# Edit freely: every key is optional. See docs/rules.md#the-team-config-postmortemyaml.',
    '',
  ];
  if (n === 0) {
    out.push(
      '# No post-mortems were found, so nothing could be inferred. Uncomment what your team wants:',
      '# requiredSections: [Executive Summary, Timeline, Action Items]',
      '# owners: []',
    );
    return out.join('\n') + '\n';
  }

  const counts = new Map<SectionKind, number>();
  for (const doc of documents) {
    for (const kind of new Set(doc.sections.map((s) => s.kind).filter((k): k is SectionKind => !!k && k !== 'metadata'))) {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
  }
  const required = SECTION_KINDS.filter((k) => (counts.get(k) ?? 0) >= Math.max(1, n * REQUIRED_SHARE));
  const optional = SECTION_KINDS.filter((k) => !required.includes(k) && (counts.get(k) ?? 0) > 0);
  out.push(`# Sections at least ${Math.round(REQUIRED_SHARE * 100)}% of them have: checked as required (missing-section).`);
  if (required.length > 0) {
    out.push('requiredSections:');
    for (const k of required) out.push(`  - ${yamlString(SECTION_TITLES[k])} # ${counts.get(k)} of ${n}`);
  } else {
    out.push('requiredSections: []');
  }
  if (optional.length > 0) out.push(`# Used by fewer: ${optional.map((k) => `${SECTION_TITLES[k]} (${counts.get(k)})`).join(', ')}.`);
  out.push('');

  const owners = tally(documents.flatMap((d) => d.actionItems.map((i) => i.owner.trim()).filter(Boolean)));
  out.push('# Owners named in action items: offered by quick fixes and the "Only mine" filter.');
  if (owners.length > 0) {
    out.push('owners:');
    for (const [owner, count] of owners.slice(0, 30)) out.push(`  - ${yamlString(owner)} # ${count} item${count === 1 ? '' : 's'}`);
  } else {
    out.push('owners: []');
  }
  out.push('');

  const severities = tally(
    documents.flatMap((d) => d.metadata.filter((e) => e.key === 'severity' && e.value.trim() !== '').map((e) => e.value.replace(/[*_`]/g, '').trim())),
  );
  if (severities.length > 0) {
    out.push('# Severities written in the post-mortems.');
    out.push(`severities: [${severities.map(([s]) => yamlString(s)).join(', ')}]`);
  } else {
    out.push('# No severity is written in them; the default levels are:');
    out.push('# severities: [SEV1, SEV2, SEV3, SEV4]');
  }
  out.push('');

  out.push('# Conventions seen (for reference; the reader understands each of them as written):');
  const shapes = tally(
    documents.flatMap((d) =>
      d.timelines
        .filter((t) => t.entries.length > 0)
        .map((t) => ({ table: 'tables', list: 'timed bullets', headings: 'one heading per time', paragraphs: 'stamped paragraphs' })[t.shape]),
    ),
  );
  out.push(`#   timelines: ${shapes.length > 0 ? shapes.map(([s, c]) => `${s} (${c})`).join(', ') : 'none'}`);
  const zones = tally(
    documents.flatMap((d) => d.timelines.flatMap((t) => [...new Set(t.entries.map((e) => e.time?.zone?.text).filter((z): z is string => !!z))])),
  );
  out.push(`#   time zones: ${zones.length > 0 ? zones.map(([z, c]) => `${z} (${c})`).join(', ') : 'none written'}`);
  const clocks = tally(
    documents.flatMap((d) =>
      d.timelines.flatMap((t) =>
        t.entries.filter((e) => e.time?.minutes !== undefined).map((e) => (/\d\s?[ap]\.?m/i.test(e.timeText) ? '12-hour' : '24-hour')),
      ),
    ),
  );
  out.push(`#   clock: ${clocks.length > 0 ? clocks.map(([c, k]) => `${c} (${k} times)`).join(', ') : 'no times'}`);
  const names = tally(documents.map((d) => fileNameStyle(d.path)).filter((s): s is string => !!s));
  if (names.length > 0) out.push(`#   file names: ${names.map(([s, c]) => `${s} (${c})`).join(', ')}`);
  const priorities = tally(
    documents.flatMap((d) =>
      d.actionItems
        .map((i) => i.priority)
        .filter(Boolean)
        .map((p) => (/^P\d$/i.test(p) ? 'P0-P3' : priorityLevel(p) ? 'words (High, Medium, Low)' : p)),
    ),
  );
  if (priorities.length > 0) out.push(`#   priorities: ${priorities.map(([p, c]) => `${p} (${c})`).join(', ')}`);
  return out.join('\n') + '\n';
}

function tally(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function fileNameStyle(path: string | undefined): string | undefined {
  const name = path?.replace(/^.*\//, '');
  if (!name) return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(name)) return 'YYYY-MM-DD-title.md';
  if (/^[A-Z]{2,4}\d{4}-\d{2,4}/i.test(name)) return 'ID-number - Title.md';
  if (/post-?mortem/i.test(name)) return 'title-postmortem.md';
  return 'other';
}

/** A YAML scalar that stays a string: quoted when it would read as something else. */
function yamlString(text: string): string {
  return /^[A-Za-z][\w .'/()-]*$/.test(text) && !/^(?:yes|no|true|false|null|on|off)$/i.test(text) && !/: | #/.test(text) ? text : JSON.stringify(text);
}
