import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DocumentValue, applyEdits, parsePostmortem, whyEdits, whysView, type WhyIntent, type WhyViewNode } from '../../src/core';
import { testingApi, workspaceFolder } from './helpers';

/*
 * Typing and the 5 Whys editor on one document, in the real VS Code, for a fixed time: random
 * keystrokes in the text editor (anywhere: inside whys, between them, around the list) interleaved
 * with intents as the webview sends them, stamped with the version the webview last saw, which is
 * sometimes already stale. After every step the document must equal the same operations applied in
 * order to a plain string: a current intent changes it as the core says, a stale one not at all, and
 * no keystroke is lost or doubled.
 */

const SECONDS = 12;

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPED = ['a', 'why ', ' ', '\n', '- ', '  - ', '#', '## Action Items', '```', '<!--', '1. ', '[ ] ', '|', 'é', '😀'];
const WHY_TEXT = ['Because', '## Action Items', '```', '- nested', '<!-- hidden', 'two\nlines', '1. one', '[x] done', '> quote', 'plain words'];

function paths(nodes: readonly WhyViewNode[], prefix: number[] = []): number[][] {
  return nodes.flatMap((node, i) => [[...prefix, i], ...paths(node.children, [...prefix, i])]);
}

function leafPaths(nodes: readonly WhyViewNode[], prefix: number[] = []): number[][] {
  return nodes.flatMap((node, i) => (node.children.length === 0 ? [[...prefix, i]] : leafPaths(node.children, [...prefix, i])));
}

describe('5 Whys editor and typing, interleaved (fuzz, real VS Code)', function () {
  this.timeout((SECONDS + 60) * 1000);

  it(`never loses or doubles a character in ${SECONDS} s of random keystrokes and intents`, async () => {
    const api = await testingApi();
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'postmortems', '2026-11-29-whys-fuzz.md');
    const initial = [
      '# Post-Mortem: Whys fuzz',
      '',
      '## Root Cause Analysis',
      '',
      '### 5 Whys',
      '',
      '- Why did logins fail? The pool was exhausted.',
      '  - Why was it exhausted? A query held connections.',
      '    - Why? It had no timeout.',
      '  - Why was it not caught? No alert.',
      '- Why did it last 23 minutes? Detection was slow.',
      '',
      '## Action Items',
      '',
      '| Action | Type | Priority | Owner | Due | Status |',
      '|---|---|---|---|---|---|',
      '| Add a timeout | Prevent | P0 | Ana | 2026-12-01 | Open |',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(initial));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await api.whys.open(uri);

    const seed = Date.now() % 100_000;
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    let expected = document.getText();
    let seenVersion = document.version; // what the webview last rendered
    let steps = 0;
    let applied = 0;
    let refused = 0;
    const log: string[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    while (Date.now() < deadline) {
      steps++;
      const roll = next();
      if (steps % 40 === 0) {
        // Typing wrecks the list after a while: start over from the whole document, as a paste would.
        log.push('replace everything');
        const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
        assert.ok(await editor.edit((edit) => edit.replace(whole, initial)));
        expected = initial;
        seenVersion = document.version;
      } else if (roll < 0.4) {
        // A keystroke at a random place in the text.
        const text = pick(TYPED);
        let offset = Math.floor(next() * (expected.length + 1));
        // Never between the two halves of a surrogate pair (an emoji): no keyboard types there.
        if (/[\uDC00-\uDFFF]/.test(expected[offset] ?? '')) offset--;
        const position = document.positionAt(offset);
        log.push(`type ${JSON.stringify(text)} at ${offset}`);
        assert.ok(await editor.edit((edit) => edit.insert(position, text)), 'the keystroke was applied');
        expected = expected.slice(0, offset) + text + expected.slice(offset);
        if (next() < 0.7) seenVersion = document.version; // the webview caught up, or not yet
      } else {
        const nodes = whysView(parsePostmortem(expected)).roots;
        const all = paths(nodes);
        const leaves = leafPaths(nodes);
        const kind = pick(['editText', 'addChild', 'addSibling', 'move', 'indent', 'outdent', 'delete'] as const);
        const path = kind === 'delete' ? pick(leaves.length > 0 ? leaves : [[0]]) : pick(all.length > 0 ? all : [[0]]);
        const intent: WhyIntent =
          kind === 'editText'
            ? { type: 'editText', path, text: pick(WHY_TEXT) }
            : kind === 'move'
              ? { type: 'move', path, direction: pick(['up', 'down'] as const) }
              : kind === 'addChild' || kind === 'addSibling'
                ? { type: kind, path, text: pick(WHY_TEXT) }
                : { type: kind, path };
        const current = seenVersion === document.version;
        log.push(`${current ? '' : 'stale '}${JSON.stringify(intent)}`);
        await api.whys.deliver(uri, { type: 'intent', version: seenVersion, intent });
        if (current) {
          const result = whyEdits(DocumentValue.read(expected), intent);
          if ('edits' in result) {
            expected = applyEdits(expected, result.edits);
            applied++;
          } else {
            refused++;
          }
        } else {
          refused++;
        }
        seenVersion = document.version;
      }
      if (document.getText() !== expected) {
        const actual = document.getText();
        let at = 0;
        while (actual[at] === expected[at]) at++;
        log.push(`first difference at ${at}: ${JSON.stringify(actual.slice(at - 20, at + 20))} vs ${JSON.stringify(expected.slice(at - 20, at + 20))}`);
        assert.fail(
          `after step ${steps} (seed ${seed}) the document differs from the same operations applied in order.\nLast steps:\n${log.slice(-6).join('\n')}\n--- document ---\n${document.getText()}\n--- expected ---\n${expected}`,
        );
      }
    }
    console.log(
      `      5 Whys fuzz (seed ${seed}): ${steps} steps, ${applied} intents applied, ${refused} refused (stale or not possible), ${document.getText().length} characters at the end`,
    );
    assert.ok(steps > 50 && applied > 5, `enough happened (${steps} steps, ${applied} applied)`);
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
  });
});
