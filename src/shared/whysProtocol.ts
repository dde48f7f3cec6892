// The messages between the 5 Whys webview and the extension: one typed protocol for both sides, and
// the extension's check of what arrives (a webview's message is untrusted input). Pure: no vscode, no Node.
import type { WhyIntent, WhysView } from '../core/whys';

/** Extension → webview. */
export type ToWebview =
  | {
      readonly type: 'state';
      readonly version: number;
      readonly title: string;
      readonly view: WhysView;
      /** Select this node (and start editing it) after rendering, e.g. a node just added. */
      readonly focus?: { readonly path: readonly number[]; readonly edit: boolean };
    }
  | { readonly type: 'refused'; readonly message: string };

/** Webview → extension. */
export type FromWebview = { readonly type: 'ready' } | { readonly type: 'intent'; readonly version: number; readonly intent: WhyIntent };

/** Checks a message from the webview: an intent of a known type with a path of small integers. */
export function isWhyIntent(value: unknown): value is WhyIntent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const path = v.path;
  const pathOk = Array.isArray(path) && path.length > 0 && path.length < 100 && path.every((i) => Number.isInteger(i) && i >= 0 && i < 100_000);
  const textOk = (optional: boolean): boolean => (v.text === undefined ? optional : typeof v.text === 'string' && v.text.length <= 10_000);
  switch (v.type) {
    case 'editText':
      return pathOk && textOk(false);
    case 'addChild':
    case 'addSibling':
      return pathOk && textOk(true);
    case 'addRoot':
      return textOk(true);
    case 'delete':
    case 'indent':
    case 'outdent':
    case 'createActionItem':
      return pathOk;
    case 'move':
      return pathOk && (v.direction === 'up' || v.direction === 'down');
    default:
      return false;
  }
}

/** A message from the webview, checked: `ready`, or an intent of a known shape on a document version; anything else is undefined. */
export function readFromWebview(message: unknown): FromWebview | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'intent' && typeof m.version === 'number' && Number.isInteger(m.version) && isWhyIntent(m.intent)) {
    return { type: 'intent', version: m.version, intent: m.intent };
  }
  return undefined;
}
