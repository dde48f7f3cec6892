// `npm start`: the extension in a real VS Code on examples/.
//   default     code-server on 127.0.0.1 with the packaged extension installed; prints the URL.
//   --desktop   the desktop `code` (when it is on PATH) as an Extension Development Host.
// PORT sets the port (default 8080). Ctrl+C stops the server.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureTools, installExtension, packageVsix, startCodeServer } from './codeServer.mjs';

const examples = join(ROOT, 'examples');
const hasCode = (() => {
  try {
    execFileSync('code', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

if (process.argv.includes('--desktop')) {
  if (!hasCode) {
    console.error('npm start -- --desktop: no `code` command on PATH. Run `npm start` for VS Code in the browser.');
    process.exit(2);
  }
  spawn('code', ['--extensionDevelopmentPath', ROOT, examples], { stdio: 'inherit', detached: true }).unref();
} else {
  ensureTools();
  const runDir = join(ROOT, '.run', 'start');
  const vsix = packageVsix(join(ROOT, '.run', 'postmortem-start.vsix'));
  installExtension(runDir, vsix);
  const port = Number(process.env.PORT) || 8080;
  const server = await startCodeServer({ runDir, port, keep: true, smokeTestDriver: false });
  const url = `${server.url}/?folder=${encodeURIComponent(examples)}`;
  console.log(
    `\nPost-Mortem is running in VS Code (code-server) on the examples:\n\n  ${url}\n\nOpen it in a browser on this machine. Ctrl+C stops the server.`,
  );
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
