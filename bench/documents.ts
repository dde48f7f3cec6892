/** Realistic post-mortems of a given size, for the benchmarks: the complete example, grown. */
export function postmortemOfSize(seed: string, bytes: number): string {
  const timelineRow = (i: number): string =>
    `| ${String(14 + (Math.floor(i / 60) % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} | Event ${i}: error rate on checkout-api at ${(i % 17) + 1}% after config push ${i} | Monitoring | -- |`;
  const actionRow = (i: number): string =>
    `| Follow-up ${i}: add an alert on queue age for consumer group ${i} | ${['Prevent', 'Detect', 'Mitigate', 'Process'][i % 4]} | P${i % 4} | SRE team | 2026-12-${String((i % 28) + 1).padStart(2, '0')} | Open | OPS-${2000 + i} |`;
  const paragraph = (i: number): string =>
    `Responders ${i} looked at the dashboards, found the saturation on the connection pool, and rolled back the deploy; the runbook did not mention the shared pool, which slowed the diagnosis.`;
  let timeline = '';
  let actions = '';
  let prose = '';
  let i = 0;
  let text = seed;
  while (text.length < bytes) {
    timeline += timelineRow(i) + '\n';
    actions += actionRow(i) + '\n';
    prose += paragraph(i) + '\n\n';
    i++;
    if (i % 8 === 0 || text.length + 600 * 8 > bytes) {
      text = seed
        .replace(/(\| 14:25 \|[^\n]*\n)/, `$1${timeline}`)
        .replace(/(\| Document DB connection pool sizing guidelines[^\n]*\n)/, `$1${actions}`)
        .replace('## Contributing Factors\n', `## Contributing Factors\n${prose}`);
    }
  }
  return text;
}

/**
 * Post-mortems that differ as real ones do, for search and "Related": words drawn from a vocabulary of
 * 4,000 with a Zipf-like spread (a few words in most documents, most words in a few), services from
 * 300 and tags from 60. Deterministic for a seed.
 */
export function variedPostmortem(n: number): string {
  let state = (n + 1) * 2654435761;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  // Rank r is drawn with a chance of about 1/r.
  const zipf = (size: number): number => Math.floor(Math.exp(random() * Math.log(size + 1))) - 1;
  const word = (): string => `w${zipf(4000).toString(36)}`;
  const words = (count: number): string => Array.from({ length: count }, word).join(' ');
  const sentences = (count: number): string => Array.from({ length: count }, () => `${words(10)}.`).join(' ');
  return [
    `# Post-Mortem: ${words(6)}`,
    '',
    '## Metadata',
    `- Date: 2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
    `- Services: svc-${zipf(300)}, svc-${zipf(300)}`,
    `- Tags: tag-${zipf(60)}`,
    '',
    '## Executive Summary',
    sentences(4),
    '',
    '## Root Cause Analysis',
    sentences(4),
    '',
    '## Contributing Factors',
    sentences(2),
    '',
    '## Lessons Learned',
    sentences(2),
    '',
  ].join('\n');
}
