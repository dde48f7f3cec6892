import { range } from '../text';
import { METADATA_LABELS, MetadataKey } from '../vocabulary';
import { titleRange } from './helpers';
import type { Rule } from './rule';

const REQUIRED: readonly MetadataKey[] = ['date', 'severity', 'incidentCommander', 'author'];
const PLACEHOLDER: Readonly<Partial<Record<MetadataKey, string>>> = { date: '[INCIDENT DATE]', severity: '[SEV LEVEL]' };

export const missingMetadata: Rule = {
  code: 'missing-metadata',
  defaultSeverity: 'warning',
  description: 'A Metadata key (Date, Severity, Incident Commander, Post-Mortem Author) is missing or empty.',
  *check(context) {
    const { model, lines } = context;
    // A document in its own shape is asked only for its date, wherever it writes it (the title, the
    // summary's first sentence, a label…); the other keys are the template's.
    const required = context.followsTemplate ? REQUIRED : (['date'] as const);
    const metadataSection = model.sections.find((s) => s.kind === 'metadata');
    const listEntries = model.metadata.filter((e) => e.source === 'list');
    for (const key of required) {
      const entries = model.metadata.filter((e) => e.key === key);
      const label = METADATA_LABELS[key];
      if (entries.length === 0) {
        // Insert after the last list entry, else right under the Metadata heading, else under the title.
        const after =
          listEntries.length > 0
            ? listEntries[listEntries.length - 1].line
            : metadataSection
              ? metadataSection.heading.start.line
              : model.title?.range.start.line;
        const fixes =
          after === undefined
            ? []
            : [
                {
                  title: `Add "${label}" to Metadata`,
                  edits: [
                    {
                      range: range(after, lines[after].length, after, lines[after].length),
                      newText: `${model.eol}- ${label}: \${1:${PLACEHOLDER[key] ?? '[NAME]'}}`,
                    },
                  ],
                  snippet: true,
                },
              ];
        yield {
          message: `Metadata "${label}" is missing.`,
          range: metadataSection?.heading ?? titleRange(context),
          fixes,
          severity: context.followsTemplate ? undefined : 'information',
        };
      } else if (entries.every((e) => e.value === '')) {
        const entry = entries[0];
        const space = /\s/.test(lines[entry.line][entry.valueRange.start.character - 1] ?? ' ') ? '' : ' ';
        yield {
          message: `Metadata "${label}" is empty.`,
          range: range(entry.line, 0, entry.line, lines[entry.line].length),
          fixes: [
            { title: `Fill in "${label}"`, edits: [{ range: entry.valueRange, newText: `${space}\${1:${PLACEHOLDER[key] ?? '[NAME]'}}` }], snippet: true },
          ],
        };
      }
    }
  },
};
