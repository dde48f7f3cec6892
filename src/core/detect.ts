import type { PostmortemModel, SectionKind } from './model';
import { INCIDENT_SECTION_KINDS, SECTION_TITLES, isMetadataHeading } from './vocabulary';

/** What a Markdown document is to the extension. */
export type DocumentKind = 'postmortem' | 'template';

export interface Detection {
  readonly kind: DocumentKind;
  /** Why, in words a person reads in a hover or `postmortem list`. */
  readonly reason: string;
  /** Written from the template (its title, `type: postmortem`, or its Metadata and sections): the
   *  template's checks apply in full. */
  readonly followsTemplate: boolean;
}

export type DetectInput = Pick<PostmortemModel, 'title' | 'frontMatter' | 'sections'>;

/** Files that are never post-mortems, whatever they hold: a folder's index, a changelog… */
const GENERIC =
  /^(?:readme|changelog|changes|history|news|index|_index|summary|contributing|license|licence|code_of_conduct|code-of-conduct|security|authors|contributors|todo|support|governance|maintainers|notice|copying|install|faq|glossary|sidebar|_sidebar|toc|agents|claude)$/i;
/** Folders where post-mortems live. */
const FOLDERS =
  /^(?:post-?mortems?|post_mortems?|postmortem-reports?|incidents?|incident[-_]reports?|incident[-_]reviews?|reports?|disclosures?|retrospectives?|retros?|rcas?|outages?|pirs?|post-incident-reviews?)$/i;
/** Words in a file name, a title or front matter that say "this is about an incident". */
const NAME_WORDS =
  /post[\s_-]?mortem|\bincident\b|\boutage\b|retrospective|\bretro\b|\brca\b|root[\s_-]cause|\bdisclosure\b|post[\s_-]incident|\bpir\b|\bsev[\s-]?[0-4]\b/i;
/** `PM2023-001 - Title.md`, `INC-1234.md`, `IR-2024-03.md`. */
const ID_NAMES = /^(?:pm|inc|ir|pir)[-_]?\d{2,4}(?:[-_]\d{1,4})?\b/i;
const TEMPLATE_NAME = /\btemplates?\b|(?:^|[-_ ])templates?(?:[-_ .]|$)/i;
const PLACEHOLDER_TITLE = /^\[[^\]]*\]$|\{\{[^{}]*\}\}|<[a-z][^<>]*>|^title\b|\(incident #\)|\[incident title\]/i;
const FM_KEYS = ['type', 'category', 'categories', 'tags', 'layout', 'kind'];

const TEMPLATE_ONLY: ReadonlySet<SectionKind> = new Set(['metadata', 'followUp']);

/**
 * Decides whether a Markdown document is a post-mortem, a post-mortem template, or neither, from
 * name signals (its path, file name, title, front matter) and structure signals (how many distinct
 * incident sections its headings and bold labels hold). Never for generic files (README,
 * CHANGELOG, index…). `path` is relative to the workspace, with `/`.
 */
export function detectDocument(model: DetectInput, path?: string): Detection | undefined {
  const base = baseName(path ?? '');
  if (GENERIC.test(base)) return undefined; // isGenericFile(file)
  /** The folders above the file: only a document without a title says "Post-Mortem" asks. */
  const folders = (): string[] => (path ?? '').split('/').filter(Boolean).slice(0, -1);

  const kinds = new Set<SectionKind>();
  for (const s of model.sections) if (s.kind && s.source !== 'lead') kinds.add(s.kind);
  let incident = 0;
  for (const k of kinds) if (INCIDENT_SECTION_KINDS.has(k)) incident++;
  /** The sections named, for a reason: written only when the reason gives them. */
  const sections = (): string => {
    const names = [...kinds].map((k) => SECTION_TITLES[k]);
    return `${incident} incident section${incident === 1 ? '' : 's'} (${names.slice(0, 6).join(', ')}${names.length > 6 ? '…' : ''})`;
  };
  const template = isTemplate(model, base, kinds.size);
  const result = (reason: string, followsTemplate: boolean): Detection => ({
    kind: template ? 'template' : 'postmortem',
    reason: template ? `${reason}; a template (placeholders, empty sections)` : reason,
    followsTemplate,
  });

  const type = model.frontMatter?.type;
  // A monthly digest (written by `postmortem digest`) quotes post-mortems; it is not one.
  if (typeof type === 'string' && /^post[\s-]?mortem[\s-]digest$/i.test(type.trim())) return undefined;
  if (model.title?.hasPostmortemPrefix) return result(`title "Post-Mortem: …"`, true);
  if (typeof type === 'string' && /^post[\s-]?mortem$/i.test(type.trim())) return result('front matter type: postmortem', true);
  // Written from the template without its title: its Metadata section and most of its sections.
  const templateKinds = model.sections.filter((s) => s.kind && TEMPLATE_ONLY.has(s.kind) && s.source === 'heading' && !isMetadataHeading(s.title)).length;
  const followsTemplate = templateKinds > 0 && kinds.size >= 6;

  const titleWord = model.title && NAME_WORDS.exec(model.title.text)?.[0];
  const fileWord = NAME_WORDS.exec(base.replace(/[_-]+/g, ' '))?.[0] ?? (ID_NAMES.test(base) ? base.slice(0, 6) : undefined);
  const fmWord = frontMatterWord(model.frontMatter);
  const folder = folders().find((f) => FOLDERS.test(f));
  const name = titleWord ? `title says "${titleWord}"` : fileWord ? `file name says "${fileWord}"` : fmWord ? `front matter says "${fmWord}"` : undefined;
  const anchor = kinds.has('timeline') || kinds.has('rootCause') || kinds.has('actionItems') || kinds.has('impact');

  if (name && incident >= 2) return result(`${name}; ${sections()}`, followsTemplate);
  if (folder && incident >= 2 && anchor) return result(`in ${folder}/; ${sections()}`, followsTemplate);
  if (incident >= 4 && kinds.has('timeline') && (kinds.has('rootCause') || kinds.has('actionItems') || kinds.has('impact'))) {
    return result(sections(), followsTemplate);
  }
  if (followsTemplate && incident >= 3) return result(`the template's Metadata and ${sections()}`, true);
  return undefined;
}

/** A README, a changelog, an index…: never a post-mortem, whatever it holds. */
export function isGenericFile(path: string): boolean {
  return GENERIC.test(baseName(path));
}

/**
 * @internal A path's file name without its Markdown extension: its last part that is not empty
 * (`a/b/c.md` → `c`). By `lastIndexOf`, not `split`: asked of every file the CLI and the index read.
 */
export function baseName(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === SLASH) end--;
  const file = path.slice(path.lastIndexOf('/', end - 1) + 1, end);
  const dot = file.lastIndexOf('.');
  return dot >= 0 && MARKDOWN_EXTENSION.test(file.slice(dot + 1)) ? file.slice(0, dot) : file;
}

const MARKDOWN_EXTENSION = /^(?:md|markdown|mdx)$/i;

const SLASH = 0x2f;

function frontMatterWord(frontMatter: DetectInput['frontMatter']): string | undefined {
  const data = frontMatter?.data;
  if (!data) return undefined;
  for (const key of FM_KEYS) {
    const value = data[key];
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (typeof v === 'string' && NAME_WORDS.test(v)) return v;
  }
  const title = data.title;
  return typeof title === 'string' ? NAME_WORDS.exec(title)?.[0] : undefined;
}

/** A template: named so, a placeholder title, or mostly empty sections. */
function isTemplate(model: DetectInput, base: string, knownKinds: number): boolean {
  if (TEMPLATE_NAME.test(base)) return true;
  if (model.title && PLACEHOLDER_TITLE.test(model.title.text.trim())) return true;
  const known = model.sections.filter((s) => s.kind && s.source === 'heading');
  if (knownKinds >= 4 && known.filter((s) => s.isEmpty).length >= known.length * 0.7) return true;
  return false;
}
