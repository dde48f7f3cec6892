import type { PostmortemModel } from './model';
import { parsePostmortem } from './parse';
import { splitLines } from './text';

/**
 * One reading of a document's text: the text, its lines and line ending, and its model, made once per
 * version (the VS Code adapter caches it by version) and handed to every rule, edit and view, so
 * nothing parses or splits the same text again.
 */
export class DocumentValue {
  #lines: readonly string[] | undefined;

  constructor(
    readonly text: string,
    readonly model: PostmortemModel,
  ) {}

  static read(text: string): DocumentValue {
    return new DocumentValue(text, parsePostmortem(text));
  }

  /** Split on first use: a feature that needs only the model never pays for the lines. */
  get lines(): readonly string[] {
    return (this.#lines ??= splitLines(this.text));
  }

  get eol(): string {
    return this.model.eol;
  }
}
