import type { Rule } from './rule';

export const invalidFrontMatter: Rule = {
  code: 'invalid-front-matter',
  defaultSeverity: 'error',
  description: 'The YAML front matter cannot be read, so its metadata is ignored.',
  *check({ model }) {
    const error = model.frontMatter?.error;
    if (error) yield { message: `The front matter is not valid YAML (${error.message}); its metadata is ignored until it is fixed.`, range: error.range };
  },
};
