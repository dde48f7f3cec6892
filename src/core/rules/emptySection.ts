import type { Rule } from './rule';

export const emptySection: Rule = {
  code: 'empty-section',
  defaultSeverity: 'warning',
  description: 'A section has a heading but no content.',
  *check({ model }) {
    for (const section of model.sections) {
      if (section.isEmpty) yield { message: `Section "${section.title}" is empty.`, range: section.heading };
    }
  },
};
