// `npm run bench`: every benchmark, printed as tables with the ratios the issues ask for.
import { resolve } from 'node:path';
import * as cli from './cli.bench';
import * as index from './index.bench';
import * as lint from './lint.bench';
import * as memory from './memory.bench';
import * as vscodeBench from './vscode.bench';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  // BENCH_ONLY=lint, index, memory, cli or vscode runs one of them (for profiling).
  const only = process.env.BENCH_ONLY;
  const results = [];
  if (!only || only === 'lint') results.push(await lint.run(root));
  if (!only || only === 'index') results.push(await index.run(root));
  if (!only || only === 'memory') results.push(await memory.run(root));
  if (!only || only === 'cli') results.push(await cli.run(root));
  if (!only || only === 'vscode') results.push(await vscodeBench.run(root));
  const met = results.every(Boolean);
  console.log(met ? '\nbench: PASS, every goal met' : '\nbench: MISS, a goal was missed (see above)');
  process.exitCode = met ? 0 : 1;
}

void main();
