// `npm run bench`: every benchmark, printed as tables with the ratios the issues ask for.
import { resolve } from 'node:path';
import * as index from './index.bench';
import * as lint from './lint.bench';
import * as memory from './memory.bench';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  // BENCH_ONLY=lint, index or memory runs one of them (for profiling).
  const only = process.env.BENCH_ONLY;
  const results = [];
  if (!only || only === 'lint') results.push(await lint.run(root));
  if (!only || only === 'index') results.push(await index.run(root));
  if (!only || only === 'memory') results.push(await memory.run(root));
  console.log(results.every(Boolean) ? '\nbench: every goal met' : '\nbench: a goal was missed (see above)');
}

void main();
