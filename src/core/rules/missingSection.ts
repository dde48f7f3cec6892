import { templateBody } from '../template';
import { range } from '../text';
import { SECTION_KINDS, SECTION_TITLES, SectionKind } from '../vocabulary';
import { titleRange } from './helpers';
import type { Rule, RuleContext } from './rule';

/** The template's text of a section: its heading (at `level`) and placeholder body, ending in a blank line. */
function templateSection(kind: SectionKind, level: number): string[] {
  return [`${'#'.repeat(level)} ${SECTION_TITLES[kind]}`, ...templateBody(kind), ''];
}

export const missingSection: Rule = {
  code: 'missing-section',
  defaultSeverity: 'error',
  description:
    "A required section is absent: the team's (.postmortem.yaml), the template's for documents written from it, else summary, timeline and action items.",
  *check(context: RuleContext) {
    const { model, lines } = context;
    const present = new Set(model.sections.map((s) => s.kind));
    const headings = model.sections.filter((s) => s.source === 'heading' && s.kind !== undefined);
    // New sections get the level the document's own sections have.
    const level = headings.length > 0 ? Math.min(...headings.map((s) => s.level)) : 2;
    for (const kind of context.requiredSections) {
      if (present.has(kind)) continue;
      // Insert before the first present section that comes after this one in the canonical order.
      const order = SECTION_KINDS.indexOf(kind);
      const next = headings.find((s) => s.level === level && SECTION_KINDS.indexOf(s.kind!) > order);
      const text = templateSection(kind, level);
      let edit;
      if (next) {
        edit = { range: range(next.heading.start.line, 0, next.heading.start.line, 0), newText: text.join(model.eol) + model.eol };
      } else {
        const last = lines.length - 1;
        const endsBlank = lines[last] === '' && (last === 0 || lines[last - 1] === '');
        const lead = lines[last] === '' ? (endsBlank ? '' : model.eol) : model.eol + model.eol;
        edit = { range: range(last, lines[last].length, last, lines[last].length), newText: lead + text.join(model.eol) + model.eol };
      }
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
