import * as vscode from 'vscode';

/** 128 random bits from the platform's CSPRNG (Node and web workers alike), as hex: a webview's script nonce. */
export function nonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A webview's page under a strict Content-Security-Policy: nothing loads but the extension's own
 * stylesheets and fonts (from `localResourceRoots`), and one script, by nonce. `body` is the page's
 * markup, written by the extension (never text from a document).
 */
export function webviewHtml(webview: vscode.Webview, page: { title: string; styles: readonly vscode.Uri[]; script: vscode.Uri; body: string }): string {
  const n = nonce();
  const links = page.styles.map((css) => `<link href="${webview.asWebviewUri(css)}" rel="stylesheet">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${n}" src="${webview.asWebviewUri(page.script)}"></script>
</body>
</html>`;
}
