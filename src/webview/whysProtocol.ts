// The messages between the 5 Whys webview and the extension: one typed protocol for both sides.
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
