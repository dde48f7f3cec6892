// Loaded before the test files in the web worker suite: mocha's browser build, set up so that the
// files' describe/it calls register (scripts/run-integration.mjs --web; esbuild.mjs bundles it).
import 'mocha/mocha.js';

mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000, forbidOnly: true });
