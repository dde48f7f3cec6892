import type { Rule } from './rule';

export const emptySection: Rule = {
  code: 'empty-section',
  defaultSeverity: 'warning',
  description: 'A section has a heading but no content.',
  *check({ model, followsTemplate }) {
    for (const section of model.sections) {
      if (!section.isEmpty || section.source === 'lead') continue;
      // In a document of its own shape, only the sections the reader knows are asked to have content.
      if (!followsTemplate && section.kind === undefined) continue;
      yield { message: `Section "${section.title}" is empty.`, range: section.heading };
    }
  },
};
