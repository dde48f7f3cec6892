// The 5 Whys editor in the webview. The document is the only model: this renders the state the
// extension posts and sends intents back; it never keeps tree data of its own. No innerHTML anywhere.
import type { WhyIntent, WhyViewNode } from '../core/whys';
import type { FromWebview, ToWebview } from '../shared/whysProtocol';
import { el } from './dom';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  readonly selected: number[] | undefined;
  readonly scrollY: number;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let state: Extract<ToWebview, { type: 'state' }> | undefined;
let selected: number[] | undefined = vscode.getState()?.selected;
let editing: number[] | undefined;

const key = (path: readonly number[]): string => path.join('.');
const WHY_LABELS = ['Why?', 'Why? (2)', 'Why? (3)', 'Why? (4)', 'Why? (5)'];

function save(): void {
  vscode.setState({ selected, scrollY: window.scrollY });
}

function send(intent: WhyIntent): void {
  if (!state) return;
  vscode.postMessage({ type: 'intent', version: state.version, intent });
}

function iconButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = el(
    'button',
    { class: 'icon', title: label, 'aria-label': label, tabindex: '-1' },
    el('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }),
  );
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return button;
}

/** Paths of the visible nodes in reading order (all nodes: the tree is always expanded). */
function order(nodes: readonly WhyViewNode[], prefix: number[] = []): number[][] {
  return nodes.flatMap((node, i) => [[...prefix, i], ...order(node.children, [...prefix, i])]);
}

function nodeAt(path: readonly number[]): WhyViewNode | undefined {
  let nodes = state?.view.roots ?? [];
  let node: WhyViewNode | undefined;
  for (const i of path) {
    node = nodes[i];
    if (!node) return undefined;
    nodes = node.children;
  }
  return node;
}

function render(): void {
  const scroll = vscode.getState()?.scrollY ?? window.scrollY;
  root.replaceChildren();
  if (!state) return;
  const header = el('header', {}, el('h1', {}, `5 Whys: ${state.title}`));
  root.append(header);
  const roots = state.view.roots;
  if (roots.length === 0) {
    const add = el('button', { class: 'primary', id: 'add-first' }, 'Add the first why');
    add.addEventListener('click', () => send({ type: 'addRoot' }));
    root.append(
      el(
        'p',
        { class: 'empty' },
        state.view.exists ? 'The 5 Whys list is empty.' : 'This post-mortem has no 5 Whys yet: it goes under "### 5 Whys" in Root Cause Analysis.',
      ),
      add,
    );
    return;
  }
  const tree = el('ul', { role: 'tree', 'aria-label': '5 Whys', class: 'tree', tabindex: '0', id: 'tree' });
  const renderNodes = (nodes: readonly WhyViewNode[], prefix: number[], parent: HTMLElement): void => {
    nodes.forEach((node, i) => {
      const path = [...prefix, i];
      const depth = path.length;
      const leaf = node.children.length === 0;
      const isSelected = selected !== undefined && key(selected) === key(path);
      const li = el('li', {
        role: 'treeitem',
        'aria-level': String(depth),
        'aria-selected': String(isSelected),
        'aria-expanded': leaf ? undefined : 'true',
        'data-path': key(path),
        class: `node${isSelected ? ' selected' : ''}${leaf ? ' leaf' : ''}`,
        id: `node-${key(path)}`,
      });
      const label = el('span', { class: 'why' }, WHY_LABELS[Math.min(depth, WHY_LABELS.length) - 1]);
      let text: HTMLElement;
      if (editing && key(editing) === key(path)) {
        const input = el('input', { class: 'edit', 'aria-label': `Edit why at level ${depth}`, value: node.text });
        input.value = node.text;
        input.addEventListener('keydown', (e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            editing = undefined;
            if (input.value.trim() && input.value !== node.text) send({ type: 'editText', path, text: input.value });
            else render();
          } else if (e.key === 'Escape') {
            editing = undefined;
            render();
            focusTree();
          }
        });
        input.addEventListener('blur', () => {
          // A re-render removes the input: that is no "done editing".
          if (!input.isConnected) return;
          if (editing && key(editing) === key(path)) {
            editing = undefined;
            if (input.value.trim() && input.value !== node.text) send({ type: 'editText', path, text: input.value });
          }
        });
        text = input;
        queueMicrotask(() => {
          if (!document.hasFocus()) return;
          input.focus();
          input.select();
        });
      } else {
        text = el('span', { class: 'text' }, node.text);
      }
      const row = el('div', { class: 'row' }, label, text);
      if (leaf) row.append(el('span', { class: 'badge', title: 'A leaf is a root cause: it deserves an action item' }, 'root cause'));
      const actions = el('span', { class: 'actions' });
      actions.append(
        iconButton('add', 'Add a why beneath (A)', () => send({ type: 'addChild', path })),
        iconButton('split-vertical', 'Add a sibling branch (B)', () => send({ type: 'addSibling', path })),
      );
      if (leaf) actions.append(iconButton('checklist', 'Create action item', () => send({ type: 'createActionItem', path })));
      actions.append(iconButton('trash', 'Delete (Delete)', () => send({ type: 'delete', path })));
      row.append(actions);
      row.addEventListener('click', () => select(path));
      row.addEventListener('dblclick', () => startEdit(path));
      li.append(row);
      if (!leaf) {
        const group = el('ul', { role: 'group' });
        renderNodes(node.children, path, group);
        li.append(group);
      }
      parent.append(li);
    });
  };
  renderNodes(roots, [], tree);
  tree.addEventListener('keydown', onKey);
  const add = el('button', { class: 'secondary', id: 'add-root' }, 'Add another first-level why');
  add.addEventListener('click', () => send({ type: 'addRoot' }));
  root.append(tree, add);
  if (selected) tree.setAttribute('aria-activedescendant', `node-${key(selected)}`);
  window.scrollTo(0, scroll);
}

function focusTree(): void {
  document.getElementById('tree')?.focus();
}

function select(path: number[] | undefined): void {
  selected = path;
  save();
  render();
  if (!editing) focusTree();
  if (path) document.getElementById(`node-${key(path)}`)?.scrollIntoView({ block: 'nearest' });
}

function startEdit(path: number[]): void {
  selected = path;
  editing = path;
  save();
  render();
}

function onKey(e: KeyboardEvent): void {
  if (!state) return;
  const paths = order(state.view.roots);
  const current = selected && paths.findIndex((p) => key(p) === key(selected!));
  const at = current === undefined || current < 0 ? undefined : paths[current];
  const handled = (): void => {
    e.preventDefault();
    e.stopPropagation();
  };
  if (e.key === 'ArrowDown' && !e.altKey) {
    handled();
    select(paths[Math.min(paths.length - 1, at ? current! + 1 : 0)]);
  } else if (e.key === 'ArrowUp' && !e.altKey) {
    handled();
    select(paths[Math.max(0, at ? current! - 1 : 0)]);
  } else if (e.key === 'ArrowLeft' && at && at.length > 1) {
    handled();
    select(at.slice(0, -1));
  } else if (e.key === 'ArrowRight' && at && nodeAt(at)?.children.length) {
    handled();
    select([...at, 0]);
  } else if (e.key === 'Home') {
    handled();
    select(paths[0]);
  } else if (e.key === 'End') {
    handled();
    select(paths[paths.length - 1]);
  } else if (!at) {
    return;
  } else if (e.key === 'Enter' || e.key === 'F2') {
    handled();
    startEdit(at);
  } else if (e.key === 'Tab') {
    handled();
    send({ type: e.shiftKey ? 'outdent' : 'indent', path: at });
  } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    handled();
    send({ type: 'move', path: at, direction: e.key === 'ArrowUp' ? 'up' : 'down' });
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    handled();
    send({ type: 'delete', path: at });
  } else if (e.key === 'a' || e.key === 'A' || e.key === 'Insert') {
    handled();
    send({ type: 'addChild', path: at });
  } else if (e.key === 'b' || e.key === 'B') {
    handled();
    send({ type: 'addSibling', path: at });
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'refused') {
    root.querySelector('.notice')?.remove();
    root.prepend(el('p', { class: 'notice', role: 'alert' }, message.message));
    return;
  }
  if (message.type !== 'state') return;
  state = message;
  if (message.focus) {
    selected = [...message.focus.path];
    editing = message.focus.edit ? selected : undefined;
  } else if (selected && !nodeAt(selected)) {
    selected = order(message.view.roots)[0];
  }
  if (editing && !nodeAt(editing)) editing = undefined;
  save();
  render();
  // Only after this webview's own action: a change typed in the text editor must not pull focus here.
  if (message.focus && !editing && document.hasFocus()) focusTree();
});
window.addEventListener('scroll', save);

vscode.postMessage({ type: 'ready' });
