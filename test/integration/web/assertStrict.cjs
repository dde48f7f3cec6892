// node:assert/strict for the web worker suite: npm's `assert`, Node's assert ported to the browser.
// CommonJS on purpose: the tests' `import * as assert` then sees every assertion as a property.

module.exports = require('assert').strict;
