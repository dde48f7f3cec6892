import type { PostmortemModel, WhyNode, WhysTree } from './model';
import type { DocumentValue } from './document';
import { escapeCell } from './tableEdit';
import { ACTION_HEADINGS, insertSectionEdit, tableHead } from './template';
import { lineRange, range, type TextEdit } from './text';

/**
 * The 5 Whys tree as the editor shows it: plain data, no ranges. A node is addressed by its path of
 * sibling indexes (`[0, 2]` is the third child of the first root), valid for one document version.
 */
export interface WhysView {
  readonly exists: boolean;
  readonly roots: readonly WhyViewNode[];
}

export interface WhyViewNode {
  readonly text: string;
  readonly children: readonly WhyViewNode[];
}

export function whysView(model: Pick<PostmortemModel, 'whys'>): WhysView {
  const toView = (n: WhyNode): WhyViewNode => ({ text: n.text, children: n.children.map(toView) });
  return { exists: !!model.whys, roots: (model.whys?.roots ?? []).map(toView) };
}

/** What a person can do to the tree; each becomes minimal text edits of the list. */
export type WhyIntent =
  | { readonly type: 'editText'; readonly path: readonly number[]; readonly text: string }
  | { readonly type: 'addChild'; readonly path: readonly number[]; readonly text?: string }
  | { readonly type: 'addSibling'; readonly path: readonly number[]; readonly text?: string }
  | { readonly type: 'addRoot'; readonly text?: string }
  | { readonly type: 'delete'; readonly path: readonly number[] }
  | { readonly type: 'move'; readonly path: readonly number[]; readonly direction: 'up' | 'down' }
  | { readonly type: 'indent'; readonly path: readonly number[] }
  | { readonly type: 'outdent'; readonly path: readonly number[] }
  | { readonly type: 'createActionItem'; readonly path: readonly number[] };

export const NEW_WHY = 'Why?';

/** A list item's text on one line: line breaks become spaces. */
function oneLine(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').trim();
}

/**
 * A why as it is written into the list: one line, and never anything that would change the list's
 * structure. What would start a block at the start of a list item (a heading, a fence, a quote, a
 * nested list marker, a task box, a rule, an HTML block, a link definition) gets a backslash before
 * its first character, and an HTML comment opener anywhere gets one before its `!`, so it reads as
 * the characters typed and the list, its children and the sections after it stay as they were.
 * Applying it twice changes nothing more.
 */
export function asWhyText(text: string): string {
  let t = oneLine(text).replace(/<!--/g, '<\\!--');
  // Two are enough: after the item's marker (`- --`, `* **`) they make a thematic break.
  const rule = /^[-*_\s]+$/.test(t) && t.replace(/\s/g, '').length >= 2;
  if (rule || /^(?:#|>|[-*+](?:\s|$)|`{3}|~{3}|<[A-Za-z!?/]|\[[^\]]{0,999}\]:|\[[ xX]\](?:\s|$)|=+$)/.test(t)) t = '\\' + t;
  else t = t.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return t;
}

function find(tree: WhysTree, path: readonly number[]): { node: WhyNode; siblings: readonly WhyNode[]; parent: WhyNode | undefined } | undefined {
  let siblings = tree.roots;
  let parent: WhyNode | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    const node = siblings[path[depth]];
    if (!node) return undefined;
    if (depth === path.length - 1) return { node, siblings, parent };
    parent = node;
    siblings = node.children;
  }
  return undefined;
}

/** The indentation of one level, as the list writes it (the first nested item's), else two spaces. */
function indentUnit(tree: WhysTree, lines: readonly string[]): string {
  for (const root of tree.roots) {
    const child = root.children[0];
    if (child) {
      const parentIndent = leading(lines[root.lines.start]);
      const childIndent = leading(lines[child.lines.start]);
      if (childIndent.length > parentIndent.length) return childIndent.slice(parentIndent.length);
    }
  }
  return '  ';
}

function leading(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The lines of a node and its subtree. */
function block(node: WhyNode, lines: readonly string[]): string[] {
  return lines.slice(node.lines.start, node.lines.end);
}

function reindent(text: readonly string[], add: string, remove: number): string[] {
  return text.map((line) => (line.trim() === '' ? line : add + line.slice(Math.min(remove, leading(line).length))));
}

/**
 * The edits for an intent, or a reason it cannot be done. `text` is the document; the model is
 * parsed from it. The webview never changes the document itself.
 */
export function whyEdits(document: DocumentValue, intent: WhyIntent): { edits: TextEdit[] } | { error: string } {
  const { model, lines } = document;
  const eol = model.eol;
  const tree = model.whys;
  if (intent.type === 'addRoot') return addRoot(model, lines, asWhyText(intent.text ?? NEW_WHY) || NEW_WHY);
  if (intent.type === 'createActionItem') return createActionItem(model, lines, intent.path);
  if (!tree) return { error: 'This post-mortem has no 5 Whys list.' };
  // A numbered chain has no nesting to edit: each answer is the next item, not a level below.
  if (tree.shape === 'chain') {
    return { error: 'This 5 Whys is written as a numbered chain of questions: edit it in the text, or make it a nested list to edit it here.' };
  }
  const found = find(tree, intent.path);
  if (!found) return { error: 'That node is no longer in the 5 Whys list.' };
  const { node, siblings, parent } = found;
  const unit = indentUnit(tree, lines);
  const nodeIndent = leading(lines[node.lines.start]);
  const index = intent.path[intent.path.length - 1];
  const item = (indent: string, t: string): string => `${indent}${node.marker} ${asWhyText(t) || NEW_WHY}`;
  const insertAfter = (line: number, newLines: string[]): TextEdit => ({
    range: lineRange(line, lines[line].length, lines[line].length),
    newText: eol + newLines.join(eol),
  });

  switch (intent.type) {
    case 'editText': {
      const value = asWhyText(intent.text);
      if (value === '') return { error: 'A why needs some text. Delete the node to remove it.' };
      // The whole text is replaced, every line of it; a marker with nothing after it gets its space.
      const { start } = node.textRange;
      const glued = start.character > 0 && start.line === node.lines.start && !/\s/.test(lines[start.line][start.character - 1]);
      return { edits: value === node.text ? [] : [{ range: node.textRange, newText: (glued ? ' ' : '') + value }] };
    }
    case 'addChild':
      return { edits: [insertAfter(node.lines.end - 1, [item(nodeIndent + unit, intent.text ?? NEW_WHY)])] };
    case 'addSibling':
      return { edits: [insertAfter(node.lines.end - 1, [item(nodeIndent, intent.text ?? NEW_WHY)])] };
    case 'delete': {
      const start = node.lines.start;
      const end = node.lines.end;
      // Remove whole lines, with the line break before them when they end the document.
      if (end < lines.length) return { edits: [{ range: range(start, 0, end, 0), newText: '' }] };
      return { edits: [{ range: range(Math.max(0, start - 1), start > 0 ? lines[start - 1].length : 0, end - 1, lines[end - 1].length), newText: '' }] };
    }
    case 'move': {
      const other = siblings[intent.direction === 'up' ? index - 1 : index + 1];
      if (!other) return { error: `The node is already the ${intent.direction === 'up' ? 'first' : 'last'} of its branch.` };
      const [first, second] = intent.direction === 'up' ? [other, node] : [node, other];
      const merged = [...block(second, lines), ...block(first, lines)];
      return { edits: [{ range: range(first.lines.start, 0, second.lines.end - 1, lines[second.lines.end - 1].length), newText: merged.join(eol) }] };
    }
    case 'indent': {
      if (index === 0) return { error: 'The first node of a branch cannot be indented: there is no why above it to go under.' };
      // The node follows its previous sibling's subtree, so shifting it right makes it that sibling's last child.
      return { edits: block(node, lines).map((line, i) => ({ range: lineRange(node.lines.start + i, 0, 0), newText: line.trim() === '' ? '' : unit })) };
    }
    case 'outdent': {
      if (!parent) return { error: 'A first-level why cannot be outdented.' };
      const moved = reindent(block(node, lines), '', unit.length);
      const isLast = index === siblings.length - 1;
      if (isLast) {
        return {
          edits: moved
            .map((line, i) => ({ range: lineRange(node.lines.start + i, 0, lines[node.lines.start + i].length), newText: line }))
            .filter((e, i) => e.newText !== lines[node.lines.start + i]),
        };
      }
      // Later siblings stay under the parent: the node goes after the parent's subtree.
      const remove = { range: range(node.lines.start, 0, node.lines.end, 0), newText: '' };
      return { edits: [remove, insertAfter(parent.lines.end - 1, moved)] };
    }
  }
}

function addRoot(model: PostmortemModel, lines: readonly string[], text: string): { edits: TextEdit[] } | { error: string } {
  const eol = model.eol;
  const tree = model.whys;
  if (tree && tree.roots.length > 0) {
    const last = tree.roots[tree.roots.length - 1];
    const line = last.lines.end - 1;
    return {
      edits: [{ range: lineRange(line, lines[line].length, lines[line].length), newText: `${eol}${leading(lines[last.lines.start])}${last.marker} ${text}` }],
    };
  }
  if (tree?.heading) {
    const line = tree.heading.start.line;
    return { edits: [{ range: lineRange(line, lines[line].length, lines[line].length), newText: `${eol}- ${text}` }] };
  }
  const rca = model.sections.find((s) => s.kind === 'rootCause');
  if (rca) {
    let end = rca.body.end - 1;
    while (end > rca.heading.start.line && lines[end].trim() === '') end--;
    return { edits: [{ range: lineRange(end, lines[end].length, lines[end].length), newText: `${eol}${eol}### 5 Whys${eol}- ${text}` }] };
  }
  // No Root Cause Analysis: add it where the template has it.
  return { edits: [insertSectionEdit(model, lines, 'rootCause', ['', '### 5 Whys', `- ${text}`]).edit] };
}

/** "Config drift (root cause)" → "Config drift". */
function withoutRootCauseMark(text: string): string {
  const trimmed = text.trimEnd();
  return /\(root cause\)$/i.test(trimmed) ? trimmed.slice(0, -'(root cause)'.length).trimEnd() : text;
}

/** A row in the Action Items table for a root cause: its text, Type Prevent, no owner (so the owner diagnostic asks for one). */
function createActionItem(model: PostmortemModel, lines: readonly string[], path: readonly number[]): { edits: TextEdit[] } | { error: string } {
  const found = model.whys && find(model.whys, path);
  if (!found) return { error: 'That node is no longer in the 5 Whys list.' };
  const text = escapeCell(withoutRootCauseMark(found.node.text));
  const eol = model.eol;
  const actions = model.actions;
  if (actions) {
    const width = actions.table.header.cells.length;
    const cells = Array.from({ length: width }, () => '');
    cells[actions.columns.action ?? 0] = text;
    if (actions.columns.type !== undefined) cells[actions.columns.type] = 'Prevent';
    if (actions.columns.status !== undefined) cells[actions.columns.status] = 'Open';
    const last = actions.table.rows.length > 0 ? actions.table.rows[actions.table.rows.length - 1].line : actions.table.delimiterLine;
    return { edits: [{ range: lineRange(last, lines[last].length, lines[last].length), newText: `${eol}| ${cells.join(' | ')} |` }] };
  }
  const values: Readonly<Record<string, string>> = { Action: text, Type: 'Prevent', Status: 'Open' };
  const row = ACTION_HEADINGS.map((heading) => values[heading] ?? '');
  const table = [...tableHead(ACTION_HEADINGS), `| ${row.join(' | ')} |`];
  const section = model.sections.find((s) => s.kind === 'actionItems');
  if (section) {
    const line = section.heading.start.line;
    return { edits: [{ range: lineRange(line, lines[line].length, lines[line].length), newText: eol + table.join(eol) + eol }] };
  }
  return { edits: [insertSectionEdit(model, lines, 'actionItems', table).edit] };
}

/**
 * The list written back from the tree, in the list's own style (each item's marker, the list's
 * indent unit and base indent). For a list with one line per item this gives back the same text.
 */
export function serializeWhys(tree: WhysTree, lines: readonly string[], eol: string): string {
  if (tree.roots.length === 0) return '';
  const unit = indentUnit(tree, lines);
  const base = leading(lines[tree.roots[0].lines.start]);
  const out: string[] = [];
  const walk = (node: WhyNode, depth: number): void => {
    out.push(`${base}${unit.repeat(depth)}${node.marker} ${node.text}`);
    node.children.forEach((child) => walk(child, depth + 1));
  };
  tree.roots.forEach((root) => walk(root, 0));
  return out.join(eol);
}
