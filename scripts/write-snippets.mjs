// Writes snippets/postmortem.code-snippets from the one template in src/core/template.ts.
// A unit test fails when the file and the template differ; run `npm run snippets` after changing it.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { outputFiles } = await esbuild.build({
  entryPoints: [join(root, 'src/core/template.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
});
const module = { exports: {} };
new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, () => {
  throw new Error('the template imports nothing at run time but date-fns, which is bundled');
});
writeFileSync(join(root, 'snippets/postmortem.code-snippets'), module.exports.snippetFileText());
console.log('wrote snippets/postmortem.code-snippets');
