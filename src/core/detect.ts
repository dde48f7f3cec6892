import type { PostmortemModel } from './model';

/** Why a document counts as a post-mortem, or `undefined` when it does not. */
export type PostmortemReason = 'title' | 'frontMatter' | 'path';

/**
 * Decides whether a Markdown document is a post-mortem (DESIGN.md): its first heading is
 * `# Post-Mortem: …`, its front matter says `type: postmortem`, or its path matches the
 * `postmortem.files` glob and it has at least two of the canonical sections (so an index
 * `README.md` in that folder is not one). Matching the glob is the caller's job: the core knows
 * no file system.
 */
export function postmortemReason(model: Pick<PostmortemModel, 'title' | 'frontMatter' | 'sections'>, pathMatchesFilesGlob: boolean): PostmortemReason | undefined {
  if (model.title?.hasPostmortemPrefix) return 'title';
  const type = model.frontMatter?.type;
  if (typeof type === 'string' && /^post[\s-]?mortem$/i.test(type.trim())) return 'frontMatter';
  if (pathMatchesFilesGlob && new Set(model.sections.map((s) => s.kind).filter(Boolean)).size >= 2) return 'path';
  return undefined;
}

/** See `postmortemReason`. */
export function isPostmortem(model: Pick<PostmortemModel, 'title' | 'frontMatter' | 'sections'>, pathMatchesFilesGlob: boolean): boolean {
  return postmortemReason(model, pathMatchesFilesGlob) !== undefined;
}
