import MarkdownIt from 'markdown-it';
import { parsePostmortem } from './parse';
import { postmortemPreviewPlugin } from './preview';
import { redactPostmortem, type Audience, type PublishConfig, type Redaction } from './redact';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The stylesheet of every exported page: readable on screen, clean when printed to PDF (the preview's marks, in fixed colours). */
export const EXPORT_CSS = `
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; max-width: 920px; margin: 32px auto; padding: 0 24px; }
h1 { font-size: 1.8em; margin: 0 0 4px; } h2 { font-size: 1.3em; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; } h3 { font-size: 1.1em; margin: 20px 0 4px; }
.note, .facts { color: #59636e; } table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; vertical-align: top; } th { background: #f6f8fa; }
code { background: #f6f8fa; padding: 1px 4px; border-radius: 4px; } pre { background: #f6f8fa; padding: 10px; overflow-x: auto; } blockquote { margin: 0; padding-left: 12px; border-left: 3px solid #d0d7de; color: #59636e; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; } figcaption { color: #59636e; font-size: 0.9em; }
ul.postmortem-whys, ul.postmortem-whys-branch, ol.postmortem-whys, ol.postmortem-whys-branch { list-style: none; padding-left: 0; }
.postmortem-whys-branch { margin-left: 10px; padding-left: 18px; border-left: 1px solid #8c959f; }
.postmortem-whys li { position: relative; margin: 4px 0; }
.postmortem-whys-branch > li::before { content: ""; position: absolute; left: -18px; top: 0.8em; width: 14px; border-top: 1px solid #8c959f; }
.postmortem-whys li:not(:has(> ul, > ol))::after { content: "root cause"; margin-left: 8px; padding: 0 6px; font-size: 0.8em; border-radius: 8px; color: #fff; background: #57606a; }
.postmortem-whys-chain > li { padding-left: 18px; border-left: 1px solid #8c959f; } .postmortem-whys-chain > li:not(:last-child)::after { content: none; }
[data-postmortem-status]::before { content: attr(data-postmortem-status); display: inline-block; margin-right: 6px; padding: 0 6px; font-size: 0.8em; line-height: 1.5; border-radius: 8px; white-space: nowrap; color: #fff; background: #57606a; }
.postmortem-action-done::before { background: #1a7f37; } .postmortem-action-inProgress::before { background: #0969da; } .postmortem-action-declined::before { opacity: 0.7; text-decoration: line-through; } .postmortem-action-overdue::before { background: #cf222e; }
.postmortem-gap { box-shadow: inset 3px 0 0 #bf8700; } td.postmortem-gap { padding-left: 8px; }
[data-postmortem-gap]::after { content: attr(data-postmortem-gap); display: block; font-size: 0.8em; color: #9a6700; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2, h3 { break-after: avoid; } section, tr, figure, li { break-inside: avoid; } a { color: inherit; text-decoration: none; } [data-postmortem-status]::before { border: 1px solid #57606a; } }
`;

/** A complete HTML page with the export stylesheet inline: no script, no font, no image, nothing fetched (its CSP says so too). */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export interface ExportOptions {
  readonly audience: Audience;
  readonly publish: PublishConfig;
  /** For overdue badges. */
  readonly today: string;
  /** Analyze Gaps' threshold. */
  readonly gapMinutes: number;
  /** People the team config knows (their names are redacted too). */
  readonly people?: readonly string[];
}

/**
 * One post-mortem as a self-contained HTML page for an audience: redacted (see `redactPostmortem`),
 * rendered with markdown-it (raw HTML in the document is shown as text) and the preview's marks (the
 * 5 Whys as a tree, action items with their state, the timeline's gaps). Images are written as their
 * alt text: a page that loads nothing from the network cannot load a picture.
 */
export function exportPostmortem(text: string, options: ExportOptions): { html: string; markdown: string; redactions: readonly Redaction[] } {
  const model = parsePostmortem(text);
  const { text: markdown, redactions } = redactPostmortem(text, model, options.audience, options.publish, options.people);
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
  md.use(postmortemPreviewPlugin({ today: () => options.today, gapMinutes: () => options.gapMinutes }));
  md.renderer.rules.image = (tokens, idx) => escapeHtml(tokens[idx].content ? `[image: ${tokens[idx].content}]` : '[image]');
  // Links keep their address (a reader can follow one) but never load anything; only web and mail links stay links.
  const validate = md.validateLink.bind(md);
  md.validateLink = (url) => validate(url) && /^(?:https?:|mailto:|#)/i.test(url.trim());
  const title = parsePostmortem(markdown).title?.text || 'Post-mortem';
  return { html: htmlPage(title, md.render(markdown)), markdown, redactions };
}
