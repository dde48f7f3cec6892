// `postmortem`: loads the CLI bundle (cli-main.js) with the V8 code cache written beside it at build
// time, so a short run does not spend half its time compiling 450 KB of JavaScript (issue 14: start
// within 1.5x `node -e 0`). The cache is only read, never written here: nothing lands in a shared
// temporary folder. A cache from another Node version is rejected by V8 and the bundle compiles as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { wrap } = require('node:module');

const file = join(__dirname, 'cli-main.js');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined; // no cache (a development build): compile as usual
}
const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
// This module stands in for the bundle's: `require.main === module` holds, so the bundle runs its main.
script.runInThisContext().call(module.exports, module.exports, require, module, file, __dirname);
