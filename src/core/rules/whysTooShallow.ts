import type { WhyNode } from '../model';
import type { Rule } from './rule';

const MIN_DEPTH = 3;

export const whysTooShallow: Rule = {
  code: 'whys-too-shallow',
  defaultSeverity: 'information',
  description: 'A 5 Whys branch stops before 3 levels.',
  *check({ model }) {
    const leaves: WhyNode[] = [];
    const walk = (node: WhyNode): void => {
      if (node.children.length === 0) leaves.push(node);
      node.children.forEach(walk);
    };
    model.whys?.roots.forEach(walk);
    for (const leaf of leaves) {
      if (leaf.depth >= MIN_DEPTH) continue;
      yield {
        message: `This 5 Whys branch stops at ${leaf.depth} level${leaf.depth === 1 ? '' : 's'}: ask "why?" again until you reach an actionable root cause (at least ${MIN_DEPTH} levels).`,
        range: leaf.textRange,
      };
    }
  },
};
