/**
 * The docs pages' HTML and the strict Content-Security-Policy they are served with: scripts and
 * styles from the app's own origin only (no inline script, no eval, no CDN), requests only back
 * to the app. Scalar injects its stylesheet at run time, so its page adds a per-request nonce
 * that Scalar reads from `<meta property="csp-nonce">`.
 */
import { randomBytes } from 'node:crypto';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The policy of a docs page; `styleNonce` allows the one stylesheet a page injects. */
export function docsPolicy(styleNonce?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${styleNonce ? ` 'nonce-${styleNonce}'` : ''}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The Swagger UI page. */
export function swaggerPage(title: string, specUrl: string, assets: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" href="${escapeHtml(assets)}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-url="${escapeHtml(specUrl)}"></div>
<script src="${escapeHtml(assets)}/swagger-ui-bundle.js"></script>
<script src="${escapeHtml(assets)}/swagger-init.js"></script>
</body>
</html>
`;
}

/** The Scalar page and the nonce its policy must allow. */
export function scalarPage(title: string, specUrl: string, assets: string): { html: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="csp-nonce" content="${nonce}">
<title>${escapeHtml(title)} - API reference</title>
</head>
<body>
<div id="scalar" data-url="${escapeHtml(specUrl)}"></div>
<script src="${escapeHtml(assets)}/scalar.js"></script>
<script src="${escapeHtml(assets)}/scalar-init.js"></script>
</body>
</html>
`;
  return { html, nonce };
}
