// `npm run bench`: every benchmark, printed as tables with the ratios the issues ask for.
import { resolve } from 'node:path';
import * as index from './index.bench';
import * as lint from './lint.bench';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  // BENCH_ONLY=lint or BENCH_ONLY=index runs one of them (for profiling).
  const only = process.env.BENCH_ONLY;
  const results = [only === 'index' || (await lint.run(root)), only === 'lint' || (await index.run(root))];
  console.log(results.every(Boolean) ? '\nbench: every goal met' : '\nbench: a goal was missed (see above)');
}

void main();
