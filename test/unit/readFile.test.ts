import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile, readRegularFileSync, regularFileReader } from '../../src/node/readFile';

describe("the Node extension host's reader of the index's files", () => {
  const dir = mkdtempSync(join(tmpdir(), 'postmortem-read-'));
  const files: Record<string, string> = {
    'plain.md': '# Post-Mortem: X\n\nText — with ünïcode.\n',
    'bom.md': '\uFEFF# Post-Mortem: Y\n',
    'empty.md': '',
    'big.md': 'x'.repeat(2000),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  mkdirSync(join(dir, 'folder.md'));
  const paths = [...Object.keys(files), 'folder.md', 'missing.md'].map((name) => join(dir, name));

  it('reads at once what it reads asynchronously: the text without a byte order mark, nothing for a folder, a missing or a too large file', async () => {
    for (const path of paths) {
      const sync = readRegularFileSync(path, 1000);
      assert.equal(sync, await readRegularFile(path, 1000), path);
      assert.equal(sync, await regularFileReader()(path, 1000), path);
    }
    assert.equal(readRegularFileSync(join(dir, 'plain.md'), 1000), files['plain.md']);
    assert.equal(readRegularFileSync(join(dir, 'bom.md'), 1000), '# Post-Mortem: Y\n');
    assert.equal(readRegularFileSync(join(dir, 'empty.md'), 1000), '');
    assert.equal(readRegularFileSync(join(dir, 'big.md'), 1000), undefined, 'larger than the limit');
    assert.equal(readRegularFileSync(join(dir, 'big.md'), 2000), files['big.md'], 'at the limit');
    assert.equal(readRegularFileSync(join(dir, 'folder.md'), 1000), undefined);
    assert.equal(readRegularFileSync(join(dir, 'missing.md'), 1000), undefined);
  });

  it('goes on asynchronously after three slow reads (a network share), and stays fast on a fast disk', async () => {
    // The clock says each read took 30 ms: the reader times the first three, then no more.
    let clock = 0;
    let asked = 0;
    const slowDisk = regularFileReader(() => {
      asked++;
      return (clock += 30);
    });
    for (let i = 0; i < 6; i++) assert.equal(await slowDisk(join(dir, 'plain.md'), 1000), files['plain.md']);
    assert.equal(asked, 6, 'three reads timed, then none');
    let fastAsked = 0;
    const fastDisk = regularFileReader(() => fastAsked++);
    for (let i = 0; i < 6; i++) assert.equal(await fastDisk(join(dir, 'plain.md'), 1000), files['plain.md']);
    assert.equal(fastAsked, 12, 'every read timed: still at once');
  });
});
