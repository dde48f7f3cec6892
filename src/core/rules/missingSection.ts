import { insertSectionEdit, templateBody } from '../template';
import { SECTION_TITLES } from '../vocabulary';
import { titleRange } from './helpers';
import type { Rule, RuleContext } from './rule';

export const missingSection: Rule = {
  code: 'missing-section',
  defaultSeverity: 'error',
  description:
    "A required section is absent: the team's (.postmortem.yaml), the template's for documents written from it, else summary, timeline and action items.",
  *check(context: RuleContext) {
    const { model, lines } = context;
    const present = new Set(model.sections.map((s) => s.kind));
    for (const kind of context.requiredSections) {
      if (present.has(kind)) continue;
      const { edit } = insertSectionEdit(model, lines, kind, templateBody(kind));
      yield {
        message: `Missing section "${SECTION_TITLES[kind]}".`,
        range: titleRange(context),
        // A document in its own shape is asked for the core only, and as a warning: its team decides.
        severity: context.followsTemplate || context.config.requiredSections ? undefined : 'warning',
        fixes: [{ title: `Add the "${SECTION_TITLES[kind]}" section`, edits: [edit], isPreferred: true }],
      };
    }
  },
};
