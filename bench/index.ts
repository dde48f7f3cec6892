// `npm run bench`: every benchmark, printed as tables with the ratios the issues ask for.
import { resolve } from 'node:path';
import * as index from './index.bench';
import * as lint from './lint.bench';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const results = [await lint.run(root), await index.run(root)];
  console.log(results.every(Boolean) ? '\nbench: every goal met' : '\nbench: a goal was missed (see above)');
}

void main();
