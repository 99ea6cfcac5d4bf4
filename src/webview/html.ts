// The comparison page's HTML document: a strict CSP (nothing but the webview's own resources and
// one script with a fresh nonce), the stylesheet, the bundled page script. Pure (no vscode): the
// panel passes the resource URIs, so the document can be checked outside VS Code.

/** A nonce for one load of the page: 18 random bytes, base64 letters and digits only. */
export function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

export interface PageResources {
  /** The webview's resource origin (webview.cspSource). */
  cspSource: string;
  /** The stylesheet's and the script's webview URIs. */
  styleUri: string;
  scriptUri: string;
  nonce: string;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function comparePageHtml(r: PageResources): string {
  const csp = [
    `default-src 'none'`,
    `style-src ${r.cspSource}`,
    `img-src ${r.cspSource} data:`,
    `script-src 'nonce-${r.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>Compare join plans</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Computing the comparison…</p></main>
<script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}
