// Command-line options shared by the scripts/run-*.mjs test runners (CONTRIBUTING.md lists them).

/** The value of `--grep PATTERN` or `--grep=PATTERN`: mocha runs only the tests whose full title matches. */
export function grepArg(argv = process.argv.slice(2)) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' || argv[i] === '-g') return argv[i + 1];
    if (argv[i].startsWith('--grep=')) return argv[i].slice('--grep='.length);
  }
  return undefined;
}
